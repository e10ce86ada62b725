using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// <c>--max-total-time</c> caps the whole <c>fuzz</c> command, campaign and follow-up work alike (libFuzzer's
/// <c>-max_total_time</c>). Here the cap falls inside a ten-minute campaign that found a crash at once (a corpus seed
/// that crashes deterministically): the campaign stops at the cap, its new finding is neither triaged nor minimized,
/// a line says so and names the option, and the summary is still printed.
/// </summary>
[TestFixture]
public class TotalTimeTests
{
    [Test]
    public void The_cap_stops_the_campaign_and_the_follow_up_with_a_line_naming_the_option_and_the_summary_still_printed()
    {
        string root = Directory.CreateTempSubdirectory("stampede-total-time-").FullName;
        try
        {
            string seeds = Directory.CreateDirectory(Path.Combine(root, "svcconf", CorpusLayout.Seeds)).FullName;
            File.WriteAllText(Path.Combine(seeds, "crash.txt"),
                "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_import(\"# capped\")\nthread 1:\n  stats_add(1)\n");

            var r = CliProcess.Run(null, "fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--corpus", root,
                "--duration", "10m", "--max-total-time", "10s", "--repetitions", "100");

            Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
            Assert.That(r.Out, Does.Contain("NEW: crash crash:SIGSEGV:conf_import"));
            Assert.That(r.Out, Does.Contain("\nDONE: "));
            Assert.That(r.Out + r.Error, Does.Match(@"--max-total-time 10s reached.*not triaged or minimized"));
            Assert.That(r.Out, Does.Not.Contain("TRIAGE:").And.Not.Contain("MINIMIZED:"));
            Assert.That(r.Out, Does.Contain("\nSUMMARY: "));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Test]
    public void Progress_lines_name_the_phase_and_how_long_it_may_take_at_most()
    {
        string root = Directory.CreateTempSubdirectory("stampede-total-time-").FullName;
        try
        {
            var r = CliProcess.Run(null, "fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--corpus", root,
                "--duration", "12s", "--max-total-time", "30s", "--repetitions", "100", "--no-triage", "--no-minimize");

            Assert.That(r.ExitCode, Is.EqualTo(0).Or.EqualTo(1), r.Out + r.Error);
            Assert.That(r.Out, Does.Match(@"PROGRESS: campaign, at most \d+s left: "));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
