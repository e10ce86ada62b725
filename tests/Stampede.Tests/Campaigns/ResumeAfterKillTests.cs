using Stampede.Harnesses;
using System.Collections.Concurrent;
using System.Diagnostics;
using Stampede.Campaigns;
using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// A real <c>stampede fuzz</c> process killed with SIGKILL in the middle of a campaign. Its corpus seeds are three
/// programs that crash their worker (svcconf's seeded <c>conf_import</c> bug, deterministic) and then one clean
/// program given so many repetitions that it runs for its whole 10 s budget: the kill lands while that one is in
/// flight. Guarantees: the corpus opens cleanly with the crash finding readable and every hit printed before the
/// kill recorded; the orphaned worker ends by itself within seconds; the program in flight is still on disk, whole,
/// and the next campaign runs it first (its file is gone afterwards).
/// </summary>
[TestFixture]
public class ResumeAfterKillTests
{
    const int Crashes = 3;

    [Test]
    public void A_campaign_killed_with_kill_9_loses_nothing_and_the_next_one_runs_the_program_left_in_flight_first()
    {
        string root = Directory.CreateTempSubdirectory("stampede-resume-").FullName;
        try
        {
            string harness = Path.Combine(RepoPaths.Root, "harnesses", "svcconf");
            string library = Harness.Open(harness).Library;
            string corpus = Path.Combine(root, "svcconf"); // fuzz keeps corpus/<harness name>
            string seeds = Path.Combine(corpus, CorpusLayout.Seeds);
            Directory.CreateDirectory(seeds);
            // Seeds run in file-name order.
            for (int i = 0; i < Crashes; i++)
                File.WriteAllText(Path.Combine(seeds, $"a-crash-{i}.txt"),
                    $"# stampede program v1\nlibrary {library}\nthread 0:\n  conf_import(\"# comment {i}\")\nthread 1:\n  stats_add({i})\n");
            string longProgram = $"# stampede program v1\nlibrary {library}\nthread 0:\n  stats_add(1)\nthread 1:\n  stats_total()\n";
            File.WriteAllText(Path.Combine(seeds, "b-long.txt"), longProgram);

            using var first = StartFuzz(harness, root, "--duration", "10m", "--repetitions", "100000000");
            var lines = new BlockingCollection<string>();
            first.OutputDataReceived += (_, e) => { if (e.Data is { } line) lines.Add(line); };
            first.BeginOutputReadLine();
            int printed = 0;
            var clock = Stopwatch.StartNew();
            while (printed < Crashes)
            {
                Assert.That(lines.TryTake(out var line, TimeSpan.FromMinutes(3) - clock.Elapsed), Is.True, "the crashes were not reported within 3 minutes");
                if (line!.StartsWith("NEW: crash", StringComparison.Ordinal) || line.StartsWith("HIT: crash", StringComparison.Ordinal)) printed++;
            }
            // The long program's worker: started after the last crash, then busy for 10 s.
            int[] workers = [];
            Assert.That(() => (workers = Children(first.Id)).Length, Is.EqualTo(1).After(30_000, 100), "a worker runs the long program");
            Thread.Sleep(1000);
            first.Kill(); // SIGKILL
            first.WaitForExit();

            Assert.That(() => workers.All(Gone), Is.True.After(3_000, 100), "the orphaned worker ends by itself, long before its program would");
            string leftover;
            using (var store = FindingStore.Open(corpus))
            {
                Assert.That(store.Problems, Is.Empty);
                var finding = store.Findings.Single();
                Assert.That(finding.Finding.Variant ?? finding.Finding.Signature, Is.EqualTo("crash:SIGSEGV:conf_import"), "where it crashed (its cause may be named by the sanitizer builds)");
                Assert.That(finding.Hits, Is.EqualTo(Crashes), "every hit printed was recorded first");
                Assert.That(FindingDirectory.Load(finding.Directory).Finding.Signature, Is.EqualTo(finding.Finding.Signature));
                leftover = ProgramFiles.In(Path.Combine(corpus, CorpusPrograms.InFlight)).Single();
                Assert.That(File.ReadAllText(leftover), Is.EqualTo(longProgram), "the program in flight is on disk, whole");
            }

            // Second campaign, one program: the one left in flight.
            using var second = StartFuzz(harness, root, "--duration", "2m", "--programs", "1", "--repetitions", "100");
            string output = second.StandardOutput.ReadToEnd();
            second.WaitForExit();
            Assert.That(output, Does.Contain("programs 1 "), output);
            Assert.That(output, Does.Contain($"INFO: running {Crashes + 2} corpus program(s) first, 1 left in flight by an interrupted campaign"));
            Assert.That(File.Exists(leftover), Is.False, "the leftover ran first and is no longer in flight");
            Assert.That(ProgramFiles.In(Path.Combine(corpus, CorpusPrograms.InFlight)), Is.Empty);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    static Process StartFuzz(string harness, string corpusRoot, params string[] more)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { RepositoryPaths.Cli, "fuzz", "--harness", harness, "--corpus", corpusRoot }.Concat(more))
            start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>The processes whose parent is <paramref name="pid"/> (the worker).</summary>
    static int[] Children(int pid) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!)
            .Where(p => ParentAndState(p) is { Parent: var parent } && parent == pid).ToArray();

    static bool Gone(int pid) => ParentAndState(pid) is null or { State: 'Z' };

    static (int Parent, char State)? ParentAndState(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1]), fields[0][0]);
        }
        catch (IOException) { return null; }
    }
}
