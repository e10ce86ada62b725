using Stampede.Model;
using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Systematic;
using Stampede.Worker;
using Stampede.Execution.Systematic;
using Stampede.Findings;
using Stampede.Model.Programs;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Systematic;

/// <summary>
/// Systematic mode through real worker processes and the real command: a finding's stored schedule replays in other
/// processes every time (also a crash, whose schedule is traced in a fresh worker after the first one died), a campaign
/// stores the schedule beside each finding, a stress-mode finding gets a schedule from <c>repro --mode systematic</c>,
/// and bad options are one line and exit 2. Coyote's choices depend only on the seed, so the iterations found at are
/// fixed.
/// </summary>
[TestFixture]
public class SystematicModeTests
{
    static string HarnessOf(string library) => Path.Combine(RepoPaths.Root, "harnesses", library);

    [Test]
    public void A_crash_in_an_iteration_is_traced_in_a_fresh_worker_and_its_schedule_crashes_20_of_20_replays()
    {
        var harness = Harness.Open(HarnessOf("svcconf"));
        var program = ProgramText.Parse("# stampede program v1\nlibrary libsvcconf.so\n" +
            "thread 0:\n  conf_set(\"k\", \"v\")\n  conf_import(\"# a comment with no newline\")\nthread 1:\n  conf_set(\"a\", \"b\")\n", harness.Model);
        using var reproducer = new Reproducer(harness, WorkerLaunch.CliIn(AppContext.BaseDirectory), TimeSpan.FromSeconds(3));
        var found = reproducer.RunSystematic(program, 50, new SystematicRequest(SystematicStrategy.Portfolio), seed: 1);
        Assert.That(found?.Signature, Is.EqualTo("crash:SIGSEGV:conf_import"));
        Assert.That(found!.Schedule, Is.Not.Null, "the crash's schedule was not traced");
        for (int replay = 1; replay <= 20; replay++)
        {
            var again = reproducer.RunSystematic(program, 1, new SystematicRequest(SystematicStrategy.Random, Trace: found.Schedule!.Trace), seed: 99);
            Assert.That(again?.Signature, Is.EqualTo(found.Signature), $"replay {replay}");
        }
    }

    [Test]
    public void A_campaign_stores_each_findings_schedule_and_repro_replays_it_20_of_20_in_other_processes()
    {
        string corpus = Directory.CreateTempSubdirectory("stampede-systematic-").FullName;
        try
        {
            var fuzz = CliProcess.Run(null, "fuzz", "--harness", HarnessOf("textkit"), "--corpus", corpus, "--mode", "systematic",
                "--duration", "60s", "--programs", "40", "--seed", "3", "--no-triage", "--no-minimize");
            Assert.That(fuzz.ExitCode, Is.EqualTo(1), fuzz.Out + fuzz.Error);
            Assert.That(fuzz.Out, Does.Contain("systematic mode (portfolio, 100 iterations per program)"));
            var findings = Directory.GetDirectories(Path.Combine(corpus, "textkit", CorpusLayout.Findings));
            Assert.That(findings, Is.Not.Empty);
            foreach (var finding in findings)
                Assert.That(File.Exists(Path.Combine(finding, CorpusLayout.ScheduleFile)), $"{finding} has no schedule");

            var first = findings.Order().First();
            var schedule = ScheduleFile.Read(Path.Combine(first, CorpusLayout.ScheduleFile));
            var repro = CliProcess.Run(null, "repro", "--harness", HarnessOf("textkit"), "--mode", "systematic", first);
            Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
            Assert.That(repro.Out, Does.Contain($"found at iteration {schedule.Iteration}"));
            Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 20/20 (100 %) by replaying the schedule"));
        }
        finally { Directory.Delete(corpus, recursive: true); }
    }

    [Test]
    public void A_stress_finding_is_given_a_schedule_by_repro_in_systematic_mode()
    {
        string root = Directory.CreateTempSubdirectory("stampede-handover-").FullName;
        try
        {
            // A stress finding as the store keeps it, without a schedule.
            string text = "# stampede program v1\nlibrary libtextkit.so\nthread 0:\n  tk_format_duration(59)\nthread 1:\n  tk_format_duration(3661)\n";
            using (var store = FindingStore.Open(Path.Combine(root, "textkit")))
                store.Record(new Finding(FindingKind.NotLinearizable, "not-linearizable:tk_format_duration", "seen under stress", "libtextkit.so", text,
                    [], [], "./stampede repro {finding}", null));
            string finding = Directory.GetDirectories(Path.Combine(root, "textkit", CorpusLayout.Findings)).Single();

            var repro = CliProcess.Run(null, "repro", "--harness", HarnessOf("textkit"), "--mode", "systematic", "--runs", "5", finding);
            Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
            Assert.That(repro.Out, Does.Contain("FOUND: not-linearizable:tk_format_duration at iteration"));
            Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 5/5"));
            Assert.That(File.Exists(Path.Combine(finding, CorpusLayout.ScheduleFile)));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestCase("fuzz", "--strategy", "dfs", "Argument 'dfs' not recognized. Must be one of: 'portfolio' 'random' 'pct' 'probabilistic'")]
    [TestCase("fuzz", "--iterations", "0", "--iterations 0 is invalid")]
    [TestCase("repro", "--iterations", "0", "--iterations 0 is invalid")]
    public void An_invalid_systematic_option_is_one_line_and_exit_2(string command, string option, string value, string message)
    {
        string[] args = command == "fuzz"
            ? ["fuzz", "--harness", HarnessOf("textkit"), "--mode", "systematic", option, value]
            : ["repro", "--harness", HarnessOf("textkit"), "--mode", "systematic", option, value, "nonesuch.txt"];
        var r = CliProcess.Run(null, args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.Contain(message).And.Not.Contain("\n"));
    }
}
