using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model.Programs;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.RealLibraries;

/// <summary>
/// zlib as Debian ships it (zlib1g-dev): thread-safe on distinct streams (zlib FAQ 21), so the thread-safety findings
/// Stampede reports on it are either none or misuse that triage must keep apart (docs/real-libraries.md).
/// </summary>
[TestFixture]
[NonParallelizable]
public class ZlibTests
{
    const string Header = "/usr/include/zlib.h";

    static string CommittedHarness => Path.Combine(RepoPaths.Root, "harnesses", "zlib");

    /// <summary>
    /// What this guarantees (issue 16's done-when for zlib, at test scale): a zero-code campaign — <c>stampede new</c> on
    /// the whole Debian header with no config, then <c>fuzz --seed 1</c> — reports no failure that happens on one
    /// thread among its thread-safety findings (every finding triage counts as thread-safety still needs two threads
    /// making calls in the program it reports, and a crash among them struck a program thread inside a call), and no file appears outside the workers' scratch directories: not in
    /// the current directory, the repository's root or the file system's root, though the generated programs call
    /// <c>gzopen</c> with generated paths.
    /// </summary>
    [Test]
    public void A_zero_code_campaign_reports_no_misuse_as_thread_safety_and_writes_no_file_outside_its_scratch()
    {
        var directory = Directory.CreateTempSubdirectory("stampede-zlib-zero-code-").FullName;
        try
        {
            string harness = Path.Combine(directory, "zlib"), corpus = Path.Combine(directory, "corpus");
            string cwd = Directory.CreateDirectory(Path.Combine(directory, "cwd")).FullName;
            var made = CliProcess.Run(cwd, "new", "--header", Header, "--lib", "z", "--out", harness);
            Assert.That(made.ExitCode, Is.Zero, made.Out + made.Error);
            var repoBefore = Entries(RepoPaths.Root);
            var rootBefore = Entries("/");

            var run = CliProcess.Run(cwd, "fuzz", "--harness", harness, "--corpus", corpus, "--seed", "1",
                "--learn-budget", "15s", "--duration", "15s", "--minimize-budget", "5s", "--max-total-time", "75s");

            Assert.That(run.ExitCode, Is.AnyOf(0, 1), run.Out + run.Error);
            var model = Harness.Open(harness).Model;
            string findings = Path.Combine(corpus, "z", CorpusLayout.Findings);
            var threadSafety = (Directory.Exists(findings) ? Directory.GetDirectories(findings) : [])
                .Select(d => ReportJson.Read(File.ReadAllText(Path.Combine(d, "report.json"))))
                .Where(f => f.Triage?.Verdict.IsThreadSafety() == true).ToList();
            foreach (var f in threadSafety)
            {
                var program = ProgramText.Parse(f.MinimizedProgram ?? f.Finding.Program, model, f.Slug);
                Assert.That(program.Threads.Count(t => t.Calls.Count > 0), Is.GreaterThanOrEqualTo(2),
                    $"{f.Finding.Signature} is reported as thread-safety ({f.Triage!.Label}) with one thread:\n{program}");
                // A crash no program thread was inside struck outside the concurrent run (the oracles' sequential
                // reference run, the setup): one caller's doing, whatever triage's re-runs saw.
                Assert.That(f.Finding.Summary, Does.Not.EndWith("threads in calls: none"),
                    $"{f.Finding.Signature} is reported as thread-safety ({f.Triage!.Label}) though no program thread was in a call");
            }
            Assert.That(Directory.GetFileSystemEntries(cwd), Is.Empty, "files in the campaign's current directory");
            Assert.That(Entries(RepoPaths.Root).Except(repoBefore), Is.Empty, "new entries in the repository's root");
            Assert.That(Entries("/").Except(rootBefore), Is.Empty, "new entries in /");
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    /// <summary>
    /// What this guarantees: the committed harness (harnesses/zlib, its stampede.json declaring the z_stream and gzFile
    /// one thread's each, as zlib's FAQ says) is quiet on that correct use: a short campaign exits 0 with no finding, or every finding it has did not reproduce
    /// (<see cref="QuietRun.AssertQuiet"/>).
    /// </summary>
    [Test]
    public void The_committed_harness_is_quiet_on_correct_use()
    {
        var run = QuietRun.Of(CommittedHarness);
        QuietRun.AssertQuiet(run);
    }

    static HashSet<string> Entries(string directory) => Directory.GetFileSystemEntries(directory).ToHashSet();
}
