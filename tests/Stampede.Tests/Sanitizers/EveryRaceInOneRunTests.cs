using System.Text.RegularExpressions;
using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Sanitizers;

/// <summary>
/// Every race under ThreadSanitizer: a report no longer ends the worker (<c>halt_on_error=0</c>), so one campaign on
/// textkit reports each of its five data-race groups (contracts.json: durbuf, tk_error, classtab, cursor, tk_tokenizer),
/// not only the first, frequent one that used to end every worker.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class EveryRaceInOneRunTests
{
    string _work = null!;
    CliProcess.Result _run = null!;

    /// <summary>150 programs at seed 1 (about 50 s here; every group was reported within 50 programs when written).</summary>
    [OneTimeSetUp]
    public void ThreadSanitizerCampaign()
    {
        _work = Directory.CreateTempSubdirectory("stampede-every-race-").FullName;
        _run = CliProcess.Run(_work, "fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "textkit"), "--sanitizer", "thread",
            "--corpus", Path.Combine(_work, "corpus"), "--programs", "150", "--duration", "150s", "--seed", "1", "--no-minimize", "--no-triage");
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_work, recursive: true);

    IReadOnlyList<RecordedFinding> Reports() =>
        CorpusReader.Read(Path.Combine(_work, "corpus")).Findings.Where(f => f.Finding.Kind == Stampede.Model.FindingKind.Sanitizer).ToList();

    /// <summary>What this guarantees: one campaign's ThreadSanitizer findings cover all five race groups, each keyed by
    /// the state that raced (the cursor group is two globals, its text and its position), and the campaign's worker was
    /// never replaced — so the reports came from a worker that went on after the first.</summary>
    [Test]
    public void One_campaign_reports_every_race_group_of_textkit()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(1), _run.Out + _run.Error);
        var keys = Reports().Select(r => r.Finding.Signature).ToHashSet();
        string seen = string.Join(", ", keys.Order());
        Assert.That(keys, Is.SupersetOf(new[] { "race:@duration_buffer", "race:@last_error", "race:@class_table", "race:tk_tokenizer" }), seen);
        Assert.That(keys.Overlaps(["race:@token_text", "race:@token_pos"]), Is.True, seen);
        Assert.That(Restarts().Match(_run.Out).Groups[1].Value, Is.EqualTo("0"), "no worker was replaced: " + _run.Out);
    }

    /// <summary>What this guarantees: a report's repro command runs it under the sanitizer that printed it, and its
    /// summary says the worker went on.</summary>
    [Test]
    public void A_report_is_reproduced_under_its_sanitizer()
    {
        var report = Reports().First(r => r.Finding.Signature == "race:@duration_buffer");
        Assert.That(report.Finding.ReproduceCommand, Does.Contain("--sanitizer thread"));
        Assert.That(report.Finding.Summary, Does.Contain("the worker went on"));
        Assert.That(report.Finding.Details?["sanitizer report"], Does.Contain("duration_buffer"));
    }

    [GeneratedRegex(@"DONE: .* restarts (\d+) ")]
    private static partial Regex Restarts();
}
