using System.Text.Json.Nodes;
using Stampede.Findings;
using Stampede.Reports;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// A nightly <c>fuzz</c> with a known-findings baseline (<c>--known</c>, written by <c>show --keys</c>): it fails only on
/// findings not in the baseline, <c>--fail-when any</c> fails on known ones too, and <c>--out</c> reports each with its
/// status. textkit's global last-error slot is the finding: a seed of two threads, one parsing bad input and one good
/// input, each reading the last error after every parse, ten times, shows it within its 5,000 repetitions (the campaigns
/// this seed was tried in found it in the first few hundred), so <c>--programs 1</c> runs that seed alone.
/// </summary>
[TestFixture]
public class KnownFindingsTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "textkit");

    const string Seed = "# stampede program v1\nlibrary libtextkit.so\n";

    static string SeedProgram() => Seed + string.Concat(Enumerable.Range(0, 2).Select(t =>
        $"thread {t}:\n" + string.Concat(Enumerable.Repeat($"  tk_parse_int(\"{(t == 0 ? "12x" : "77")}\", buf[8])\n  tk_last_error()\n", 10))));

    string root = "";

    [OneTimeSetUp]
    public void CreateCorpus()
    {
        root = Directory.CreateTempSubdirectory("stampede-known-").FullName;
        string seeds = Path.Combine(root, "corpus", "textkit", CorpusLayout.Seeds);
        Directory.CreateDirectory(seeds);
        File.WriteAllText(Path.Combine(seeds, "tk_error.txt"), SeedProgram());
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(root, recursive: true);

    static CliProcess.Result Fuzz(string corpus, params string[] more) => CliProcess.Run(null,
        ["fuzz", "--harness", Harness, "--corpus", corpus, "--programs", "1", "--duration", "60s", "--no-minimize", "--repetitions", "5000", "--seed", "1", .. more]);

    [Test, Order(1)]
    public void Without_a_baseline_the_finding_fails_the_run_and_show_keys_writes_the_baseline()
    {
        string corpus = Path.Combine(root, "corpus");
        var first = Fuzz(corpus);
        Assert.That(first.ExitCode, Is.EqualTo(1), first.Out + first.Error);

        var keys = CliProcess.Run(null, "show", "--corpus", corpus, "--keys");
        Assert.That(keys.ExitCode, Is.EqualTo(0), keys.Error);
        var known = KnownFindings.Parse(keys.Out);
        Assert.That(known.Count, Is.GreaterThanOrEqualTo(1), keys.Out);
        Assert.That(keys.Out, Does.StartWith("#"), "the file says what it is");
        File.WriteAllText(Path.Combine(root, "known.txt"), keys.Out);
    }

    [Test, Order(2)]
    public void With_every_finding_known_the_run_passes_and_its_outputs_say_still_present()
    {
        string corpus = Path.Combine(root, "corpus"), output = Path.Combine(root, "out");
        var run = Fuzz(corpus, "--known", Path.Combine(root, "known.txt"), "--out", output);

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        var findings = summary["findings"]!.AsArray().Select(f => f!).ToList();
        Assert.That(findings, Is.Not.Empty, run.Out);
        // The race shows as the same key run after run (isolation:tk_last_error); should a torn read make one run see
        // it under another oracle's key, that key is new and must fail the run: the policy is asserted either way.
        var known = findings.Where(f => f["status"]!.GetValue<string>() == "still-present").ToList();
        bool onlyKnown = known.Count == findings.Count;
        Assert.That(known, Is.Not.Empty, run.Out);
        Assert.That(known.Select(f => f["fails"]!.GetValue<bool>()), Is.All.False);
        Assert.That(run.ExitCode, Is.EqualTo(onlyKnown ? 0 : 1), run.Out + run.Error);
        Assert.That(summary["exitCode"]!.GetValue<int>(), Is.EqualTo(run.ExitCode));
        Assert.That(run.Out, Does.Contain("(known)").And.Contain("known finding(s) (--known) seen again do not"));
        Assert.That(File.ReadAllLines(Path.Combine(output, StatisticsCsv.FileName))[0], Is.EqualTo(StatisticsCsv.Header));
        foreach (string file in new[] { "junit.xml", "results.sarif", "report.html" })
            Assert.That(File.Exists(Path.Combine(output, file)), file);
    }

    [Test, Order(3)]
    public void Fail_when_any_fails_on_known_findings_too()
    {
        var run = Fuzz(Path.Combine(root, "corpus"), "--known", Path.Combine(root, "known.txt"), "--fail-when", "any");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
    }

    [Test, Order(4)]
    public void A_finding_missing_from_the_baseline_fails_the_run()
    {
        string other = Path.Combine(root, "other-known.txt");
        File.WriteAllText(other, "# a baseline from another library\nrace:kv_store\n");
        var run = Fuzz(Path.Combine(root, "corpus"), "--known", other);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("SUMMARY: exit 1:"));
    }

    [Test]
    public void A_missing_baseline_file_is_one_line_and_exit_2()
    {
        string missing = Path.Combine(root, "no-such-known.txt");
        var run = Fuzz(Path.Combine(root, "empty-corpus"), "--known", missing);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Out + run.Error);
        Assert.That(run.Error.Trim(), Does.StartWith($"error: --known {missing}: cannot read").And.Not.Contain("\n"));
    }

    [Test]
    public void The_baseline_file_ignores_comments_and_blank_lines()
    {
        var known = KnownFindings.Parse("# header\n\nrace:kv_store  # the store race\n  crash:SIGSEGV:find<kv_put\n");
        Assert.That(known.Count, Is.EqualTo(2));
        Assert.That(known.Contains("race:kv_store"), Is.True);
        Assert.That(known.Contains("crash:SIGSEGV:find<kv_put"), Is.True);
        Assert.That(KnownFindings.Parse(KnownFindings.Format(["b", "a", "b"])).Count, Is.EqualTo(2));
    }
}
