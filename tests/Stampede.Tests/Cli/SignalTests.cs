using Stampede.Campaigns;
using Stampede.Findings;

namespace Stampede.Tests.Cli;

/// <summary>
/// A real <c>stampede fuzz</c> process sent SIGINT (Ctrl-C) or SIGTERM in the middle of a campaign: it stops
/// generating, abandons the program in flight (left in inflight/ for the next campaign), prints <c>DONE:</c> and
/// <c>SUMMARY:</c>, and exits with the code its findings call for. Its corpus seeds one program that crashes its worker
/// (svcconf's conf_import, deterministic), so the campaign has a finding when the signal comes, and one clean program
/// given so many repetitions that it is still in flight then.
/// </summary>
[TestFixture]
public class SignalTests
{
    [TestCase("INT")]
    [TestCase("TERM")]
    public void An_interrupted_campaign_prints_done_and_summary_and_exits_by_its_findings(string signal)
    {
        string root = Directory.CreateTempSubdirectory("stampede-signal-").FullName;
        try
        {
            string seeds = Directory.CreateDirectory(Path.Combine(root, "svcconf", CorpusLayout.Seeds)).FullName;
            File.WriteAllText(Path.Combine(seeds, "a-crash.txt"),
                "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_import(\"# signal\")\nthread 1:\n  stats_add(1)\n");
            string longProgram = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  stats_add(1)\nthread 1:\n  stats_total()\n";
            File.WriteAllText(Path.Combine(seeds, "b-long.txt"), longProgram);

            using var fuzz = new StampedeProcess(Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName, "fuzz",
                "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--corpus", root, "--duration", "10m",
                "--repetitions", "100000000");
            fuzz.WaitForLine(TimeSpan.FromMinutes(2), "NEW: crash");
            Thread.Sleep(1500); // the long program is in flight
            fuzz.Signal(signal);
            int exit = fuzz.Exit();

            Assert.That(fuzz.Out, Does.Contain("\nDONE: ").And.Contain("\nSUMMARY: 1 distinct finding(s)"), fuzz.Out + fuzz.Error);
            Assert.That(exit, Is.EqualTo(1), "the campaign found something" + fuzz.Out + fuzz.Error);
            Assert.That(fuzz.Error, Does.Not.Contain("error:"));
            Assert.That(ProgramFiles.In(Path.Combine(root, "svcconf", CorpusPrograms.InFlight)).Select(File.ReadAllText), Is.EqualTo(new[] { longProgram }),
                "the abandoned program stays in flight for the next campaign");
            // (A killed worker leaves the runtime's own diagnostic pipes there; those are not Stampede's.)
            Assert.That(Directory.GetDirectories(Path.Combine(root, "tmp"), "stampede-*"), Is.Empty, "the scratch directory is removed");
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
