using System.Text.RegularExpressions;
using Stampede.Campaigns.Afl;
using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Coverage;

/// <summary>
/// A real AFL++ campaign through <c>stampede fuzz --engine afl</c> (afl-fuzz, SharpFuzz's fork server, the kvstore
/// coverage build, worker processes for the import) on the sample bug that needs coverage guidance: kvstore's verbose
/// reports (race group kv_verbose in native/samples/contracts.json), switched on only by kv_tune with a knob above
/// 1000 and a positive value, then a use-after-free when two threads report at once.
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class AflCampaignTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "kvstore");

    /// <summary>
    /// What this guarantees: a real AFL++ campaign of two instances, from generated seeds, with native and interleaving
    /// feedback, keeps inputs that pass the guard (kv_tune with a knob above 1000 and a positive value: the branch that
    /// switches verbose reports on is a native edge, so AFL++ keeps the first input that takes it); the crashes AFL++ saves
    /// reach the corpus as findings through the worker import; and the queue exports as programs with their bytes.
    /// It does not assert that the use-after-free behind the guard is found within the budget: at about a hundred inputs a
    /// second that is not reliable (docs/coverage-fuzzing.md, "Measured value"); the benchmark measures time to detect.
    /// </summary>
    [Test]
    public void AFL_keeps_inputs_past_the_guard_and_its_crashes_reach_the_corpus()
    {
        string root = Directory.CreateTempSubdirectory("stampede-afl-").FullName;
        try
        {
            string corpus = Path.Combine(root, "corpus"), afl = Path.Combine(root, "afl");
            var r = CliProcess.Run("dotnet", null, [RepositoryPaths.Cli, "fuzz", "--harness", Harness, "--engine", "afl", "--jobs", "2",
                "--duration", "60s", "--seed", "1", "--corpus", corpus, "--afl-dir", afl, "--no-triage", "--no-minimize"], timeoutMs: 240_000);

            Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
            Assert.That(r.Out, Does.Contain("INFO: 16 seeds: 16 generated"));
            Assert.That(r.Out, Does.Match(@"DONE: afl \d+s: [1-9]\d* execs"));
            var findings = CorpusReader.Read(Path.Combine(corpus, "kvstore")).Findings;
            Assert.That(findings.Where(f => f.Finding.Kind == "crash"), Is.Not.Empty, "AFL++'s crashes became findings\n" + r.Out);

            string queue = Path.Combine(root, "queue");
            var export = CliProcess.Run(null, "afl-export", "--harness", Harness, "--afl-dir", afl, "--out", queue);
            Assert.That(export.ExitCode, Is.Zero, export.Error);
            Assert.That(export.Out, Does.StartWith("EXPORTED: "));
            var programs = Directory.GetFiles(queue, "*.txt");
            Assert.That(Directory.GetFiles(queue, "*" + AflQueueExport.BytesExtension), Has.Length.EqualTo(programs.Length));
            Assert.That(programs.Any(p => PassesTheGuard(File.ReadAllText(p))), "an input past the guard is in the queue");
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    static bool PassesTheGuard(string program) =>
        Tune().Matches(program).Any(m => long.Parse(m.Groups[1].Value) > 1000 && long.Parse(m.Groups[2].Value) > 0);

    [GeneratedRegex(@"kv_tune\(r\d+, (-?\d+), (-?\d+)\)")]
    private static partial Regex Tune();
}
