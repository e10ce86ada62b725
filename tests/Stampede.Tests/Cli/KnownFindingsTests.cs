using System.Text.Json.Nodes;
using Stampede.Findings;
using Stampede.Reports;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// A nightly <c>fuzz</c> with a known-findings baseline (<c>--known</c>, written by <c>show --keys</c>): it fails only on
/// findings not in the baseline, <c>--fail-when any</c> fails on known ones too, and <c>--out</c> reports each with its
/// status. The finding must have one key run after run, so it is svcconf's <c>conf_import</c> of a comment without a
/// newline, which crashes whoever calls it (a race's wrong result can show under two oracles' keys, isolation or
/// not-linearizable, from one run to the next); the campaign runs that seed only (<c>--programs 1</c>), untriaged, and an
/// untriaged finding fails a run unless it is known.
/// </summary>
[TestFixture]
public class KnownFindingsTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "svcconf");

    // One thread: a crash where only one thread made calls is not run again under the sanitizer builds (nothing raced),
    // which keeps each of these campaigns to a few seconds.
    const string Seed = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  settings_put(\"a\", \"1\")\n  conf_import(\"# misuse\")\n";
    const string Key = "crash:SIGSEGV:conf_import";

    string root = "";

    [OneTimeSetUp]
    public void CreateCorpus()
    {
        root = Directory.CreateTempSubdirectory("stampede-known-").FullName;
        string seeds = Path.Combine(root, "corpus", "svcconf", CorpusLayout.Seeds);
        Directory.CreateDirectory(seeds);
        File.WriteAllText(Path.Combine(seeds, "misuse.txt"), Seed);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(root, recursive: true);

    static CliProcess.Result Fuzz(string corpus, params string[] more) => CliProcess.Run(null,
        ["fuzz", "--harness", Harness, "--corpus", corpus, "--programs", "1", "--duration", "60s", "--no-triage", "--no-minimize", "--repetitions", "100", .. more]);

    [Test, Order(1)]
    public void Without_a_baseline_the_finding_fails_the_run_and_show_keys_writes_the_baseline()
    {
        string corpus = Path.Combine(root, "corpus");
        var first = Fuzz(corpus);
        Assert.That(first.ExitCode, Is.EqualTo(1), first.Out + first.Error);

        var keys = CliProcess.Run(null, "show", "--corpus", corpus, "--keys");
        Assert.That(keys.ExitCode, Is.EqualTo(0), keys.Error);
        var known = KnownFindings.Parse(keys.Out);
        Assert.That(known.Count, Is.EqualTo(1), keys.Out);
        Assert.That(known.Contains(Key), Is.True, keys.Out);
        Assert.That(keys.Out, Does.StartWith("#"), "the file says what it is");
        File.WriteAllText(Path.Combine(root, "known.txt"), keys.Out);
    }

    [Test, Order(2)]
    public void With_every_finding_known_the_run_passes_and_its_outputs_say_still_present()
    {
        string corpus = Path.Combine(root, "corpus"), output = Path.Combine(root, "out");
        var run = Fuzz(corpus, "--known", Path.Combine(root, "known.txt"), "--out", output);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.That(summary["exitCode"]!.GetValue<int>(), Is.EqualTo(0));
        var finding = summary["findings"]!.AsArray().Single()!;
        Assert.That(finding["signature"]!.GetValue<string>(), Is.EqualTo(Key));
        Assert.That(finding["status"]!.GetValue<string>(), Is.EqualTo("still-present"));
        Assert.That(finding["fails"]!.GetValue<bool>(), Is.False);
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
