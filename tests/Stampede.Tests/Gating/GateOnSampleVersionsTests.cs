using System.Text.Json.Nodes;
using System.Xml.Linq;
using Stampede.Findings;
using Stampede.Tests.Bindgen;
using Stampede.Tests.Reports;
using Stampede.Tests.Samples;

namespace Stampede.Tests.Gating;

/// <summary>
/// <c>stampede gate</c> on textkit's three versions (native/samples/versions.json): v2 adds a race in
/// <c>tk_format_duration_r</c> (durmemo), v3 fixes it and v1's static duration buffer (durbuf). The regression corpus
/// holds the two race programs as seeds and the campaign runs only them (<c>--programs 2</c>), so what each gate judges
/// is fixed; each program has 10 calls per thread and 4,000 repetitions a run, 2 runs per build (one-sided results get 3
/// times the runs again), and both races showed in most single runs of 5,000 repetitions tried under a load average of
/// 10 to 30. Each gate's junit.xml and results.sarif are validated against their schemas.
/// </summary>
[TestFixture, NonParallelizable]
public class GateOnSampleVersionsTests
{
    static readonly VersionManifest Versions = VersionManifest.Load();
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "textkit");
    const string Memo = "not-linearizable:tk_format_duration_r";

    string root = "";

    [OneTimeSetUp]
    public void CreateRegressionCorpus()
    {
        root = Directory.CreateTempSubdirectory("stampede-gate-").FullName;
        string seeds = Path.Combine(root, "regression", "textkit", CorpusLayout.Seeds);
        Directory.CreateDirectory(seeds);
        File.Copy(Path.Combine(RepoPaths.SamplesDir, "versions", "durmemo.txt"), Path.Combine(seeds, "durmemo.txt"));
        File.WriteAllText(Path.Combine(seeds, "durbuf.txt"), "# stampede program v1\nlibrary libtextkit.so\n" + string.Concat(
            new[] { 59, 3661 }.Select((seconds, t) => $"thread {t}:\n" + string.Concat(Enumerable.Repeat($"  tk_format_duration({seconds})\n", 10)))));
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(root, recursive: true);

    /// <param name="preflight">The gate's default: the canary preflight first (tests/.../PreflightTests has its failure);
    /// the other gates skip it for time.</param>
    (CliProcess.Result Run, JsonNode Summary) Gate(string baseline, string candidate, string corpus, string output, int repetitions = 4000, bool preflight = false)
    {
        string[] arguments = ["gate", "--harness", Harness, "--baseline", Versions.LibraryFile(baseline),
            "--candidate", Versions.LibraryFile(candidate), "--corpus", corpus, "--out", Path.Combine(root, output),
            "--programs", "2", "--duration", "2m", "--runs", "2", "--repetitions", repetitions.ToString(), "--seed", "1"];
        var run = CliProcess.Run(null, preflight ? arguments : [.. arguments, "--no-preflight"]);
        TestContext.Out.WriteLine(run.Out);
        string dir = Path.Combine(root, output);
        Assert.That(ReportSchemas.JUnitErrors(File.ReadAllText(Path.Combine(dir, "junit.xml"))), Is.Empty, "junit.xml against JUnit.xsd");
        Assert.That(ReportSchemas.SarifErrors(File.ReadAllText(Path.Combine(dir, "results.sarif"))), Is.Empty, "results.sarif against SARIF 2.1.0");
        return (run, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!);
    }

    static string[] With(JsonNode summary, string status) => [.. summary["findings"]!.AsArray()
        .Where(f => f!["status"]!.GetValue<string>() == status).Select(f => f!["signature"]!.GetValue<string>())];

    [Test, Order(1)]
    public void From_v1_to_v2_the_gate_fails_naming_exactly_the_new_race()
    {
        var (run, summary) = Gate("v1", "v2", Path.Combine(root, "regression"), "v1-v2");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(With(summary, "new"), Is.EqualTo(new[] { Memo }), run.Out);
        var failing = summary["findings"]!.AsArray().Where(f => f!["fails"]!.GetValue<bool>()).Select(f => f!["signature"]!.GetValue<string>());
        Assert.That(failing, Is.EqualTo(new[] { Memo }));
        Assert.That(run.Out, Does.Contain($"SUMMARY: exit 1: 1 finding(s) fail the gate: new {Memo}"));
        var junit = XDocument.Parse(File.ReadAllText(Path.Combine(root, "v1-v2", "junit.xml")));
        Assert.That(junit.Descendants("failure").Count(), Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(root, "v1-v2", "report.html")), Does.Contain(Memo));
    }

    [Test, Order(2)]
    public void From_v2_to_v3_the_gate_passes_and_lists_both_fixed_races()
    {
        // The regression corpus is now the first gate's own: both races it found on v2, and the seeds it started from.
        // Here nothing has to be found by the campaign, and proving a race fixed costs 8 runs on v3 that never stop
        // early: 2,000 repetitions a run, while v2 still gets up to 8 runs of them to show each race.
        var (run, summary) = Gate("v2", "v3", Path.Combine(root, "v1-v2", "corpus"), "v2-v3", repetitions: 2000, preflight: true);

        // A passing gate must have been able to fail: its preflight found the canary's races first (two cores; on one it
        // stops the gate with exit 2).
        if (Stampede.Execution.Worker.OsThread.UsableCpus().Count < 2) Assert.Ignore("needs two usable cores for the preflight: " + run.Error);
        Assert.That(run.Out, Does.Match(@"PREFLIGHT: passed in [\d.]+s"), run.Out);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        var fixedKeys = With(summary, "fixed");
        Assert.That(fixedKeys, Does.Contain(Memo), run.Out);
        Assert.That(fixedKeys.Where(k => k.EndsWith(":tk_format_duration")), Is.Not.Empty, "durbuf, fixed in v3: " + run.Out);
        Assert.That(With(summary, "new"), Is.Empty);
    }

    [Test, Order(3)]
    public void From_v1_to_v1_the_gate_passes()
    {
        var (run, summary) = Gate("v1", "v1", Path.Combine(root, "regression"), "v1-v1");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        Assert.That(With(summary, "new"), Is.Empty);
        Assert.That(With(summary, "fixed"), Is.Empty, "one build cannot have fixed anything");
        Assert.That(With(summary, "still-present").Where(k => k.EndsWith(":tk_format_duration")), Is.Not.Empty, run.Out);
    }
}
