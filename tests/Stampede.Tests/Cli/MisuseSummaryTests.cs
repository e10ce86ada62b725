using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// A real <c>stampede fuzz</c> whose only finding fails on one thread: svcconf's <c>conf_import</c> of a comment without
/// a newline crashes whoever calls it (deterministic), seeded beside a correct call on another thread, and the campaign
/// runs that seed only (<c>--programs 1</c>). Minimization comes before triage, so triage judges the one-call program and
/// finds the call that failed; the finding is listed apart, once per function, and does not fail the run unless
/// <c>--fail-on misuse</c> asks; an untriaged finding fails it, and the summary says why.
/// </summary>
[TestFixture]
public class MisuseSummaryTests
{
    const string Seed = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  settings_put(\"a\", \"1\")\n  conf_import(\"# misuse\")\n" +
                        "thread 1:\n  stats_add(5)\n";

    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "svcconf");

    static string SeededCorpus()
    {
        string root = Directory.CreateTempSubdirectory("stampede-misuse-").FullName;
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "svcconf", CorpusLayout.Seeds)).FullName, "misuse.txt"), Seed);
        return root;
    }

    static CliProcess.Result Fuzz(string root, params string[] more) =>
        CliProcess.Run(null, ["fuzz", "--harness", Harness, "--corpus", root, "--programs", "1", "--repetitions", "100",
            "--minimize-budget", "15s", .. more]);

    [Test]
    public void A_finding_that_fails_on_one_thread_is_listed_by_function_and_exits_0_unless_fail_on_misuse()
    {
        string root = SeededCorpus();
        try
        {
            var r = Fuzz(root);

            Assert.That(r.Out, Does.Contain("NEW: crash crash:SIGSEGV:conf_import"), r.Out + r.Error);
            Assert.That(r.Out, Does.Contain("MINIMIZED: crash:SIGSEGV:conf_import: 1 thread(s), 1 call(s)"), "triage kept what one caller did up to the failing call; minimization shrank that");
            Assert.That(r.Out, Does.Match($@"TRIAGE: crash:SIGSEGV:conf_import: {Triage.OrdinaryBug}, in conf_import \(single-threaded: yes, "));
            Assert.That(r.Out, Does.Contain("\nSUMMARY: 1 distinct finding(s): 0 thread-safety, 0 not triaged, 0 not reproduced, " +
                                            "1 failing on one thread (in 1 function(s))\n" +
                                            OneThreadFailure.Heading + ":\n"));
            Assert.That(r.Out, Does.Match(@"\nfunction\s+hits\s+variants\nconf_import\s+1\s+crash:SIGSEGV:conf_import \(1\)\n"));
            Assert.That(r.Out, Does.EndWith("SUMMARY: exit 0: no thread-safety finding; the 1 failing on one thread do not (--fail-on misuse makes them)\n"));
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Out + r.Error);
            string report = File.ReadAllText(Directory.GetFiles(Path.Combine(root, "svcconf", CorpusLayout.Findings), CorpusLayout.MarkdownReport,
                SearchOption.AllDirectories).Single());
            Assert.That(report, Does.Contain($"- triage: {Triage.OrdinaryBug}\n  - listed under \"{OneThreadFailure.Heading}\", apart from " +
                                             "thread-safety findings: one caller fails in `conf_import`\n"));

            // The same corpus again, asking misuse to fail the run: the finding is a hit now, its triage read from the corpus.
            var strict = Fuzz(root, "--fail-on", "misuse", "--no-minimize");

            Assert.That(strict.Out, Does.Contain("HIT: crash crash:SIGSEGV:conf_import"), strict.Out + strict.Error);
            Assert.That(strict.Out, Does.EndWith("SUMMARY: exit 1: 1 failing on one thread finding(s) fail the run\n"));
            Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Out + strict.Error);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Test]
    public void An_untriaged_finding_fails_the_run_and_the_summary_says_why()
    {
        string root = SeededCorpus();
        try
        {
            var r = Fuzz(root, "--no-triage", "--no-minimize");

            Assert.That(r.Out, Does.Contain("\nSUMMARY: 1 distinct finding(s): 0 thread-safety, 1 not triaged, 0 not reproduced, " +
                                            "0 failing on one thread (in 0 function(s))\n"), r.Out + r.Error);
            Assert.That(r.Out, Does.Match(@"\ncrash\s+1\s+crash:SIGSEGV:conf_import\s+not triaged\n"));
            Assert.That(r.Out, Does.EndWith("SUMMARY: exit 1: 1 not triaged finding(s) fail the run; a finding triage has not cleared counts " +
                                            "as a thread-safety one (stampede repro triages it)\n"));
            Assert.That(r.ExitCode, Is.EqualTo(1));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
