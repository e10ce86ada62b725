using System.Text.RegularExpressions;
using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// One race, one finding: kvstore's shared-store race (<c>kv_store</c> in contracts.json) crashes a plain worker at
/// several places — a torn table read in <c>find</c>, an abort in <c>kv_put</c>, heap corruption glibc notices later in
/// its allocator — which were once as many findings, each "reproduced 0/3" when the next run crashed elsewhere. Each
/// plain crash is now run again under the library's ThreadSanitizer build and keyed by what raced.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class RaceIdentityTests
{
    string _work = null!;
    CliProcess.Result _run = null!;

    /// <summary>120 programs at seed 1 (about 40 s here): a count of programs, not a duration, so that a busy machine
    /// runs the same programs, only more slowly (30 s under a concurrent test run once ran 47 programs and met no crash).</summary>
    [OneTimeSetUp]
    public void PlainCampaign()
    {
        _work = Directory.CreateTempSubdirectory("stampede-race-identity-").FullName;
        _run = CliProcess.Run(_work, "fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "kvstore"),
            "--corpus", Path.Combine(_work, "corpus"), "--programs", "120", "--duration", "120s", "--seed", "1", "--no-minimize", "--no-triage");
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_work, recursive: true);

    IReadOnlyList<RecordedFinding> Crashes() =>
        CorpusReader.Read(Path.Combine(_work, "corpus")).Findings.Where(f => f.Finding.Kind == Stampede.Model.FindingKind.Crash).ToList();

    /// <summary>What this guarantees: at seed 1 a plain campaign of 120 programs crashes on the shared-store race, and every crash
    /// it reports is one finding keyed by the state that raced (<c>race:kv_store</c>: the calls on one store, whichever
    /// pair met — <c>kv_put∥kv_put</c> and <c>kv_delete∥kv_put</c> were two findings when keyed by the pair), whose report
    /// has the ThreadSanitizer build's evidence and the places it crashed at.</summary>
    [Test]
    public void The_shared_store_race_is_one_finding_named_by_what_raced()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(1), _run.Out + _run.Error);
        var crashes = Crashes();
        Assert.That(crashes, Has.Count.EqualTo(1), string.Join("\n", crashes.Select(c => c.Finding.Signature)) + "\n" + _run.Out);
        var race = crashes[0];
        Assert.That(race.Finding.Signature, Is.EqualTo("race:kv_store"), _run.Out);
        Assert.That(race.Finding.Variant, Does.StartWith("crash:"), "the place the first hit crashed at");
        Assert.That(race.Finding.Details?["root cause"], Does.Contain("named by the thread build"));
        Assert.That(race.Finding.Stacks.Select(s => s.Name), Has.Some.Contains("thread build, naming the cause"));
    }

    /// <summary>What this guarantees: <c>repro</c> counts the race, not the place: the finding reproduces in at least 8
    /// of 10 runs of 2000 repetitions (it crashed in every run here), whichever place each run crashes at, and says which.</summary>
    [Test]
    public void Repro_counts_the_race_wherever_it_crashed()
    {
        var race = Crashes().Single();
        var repro = CliProcess.Run(_work, "repro", race.Directory, "--harness", Path.Combine(RepoPaths.Root, "harnesses", "kvstore"),
            "--runs", "10", "--no-triage");
        var summary = Reproduced().Match(repro.Out);
        Assert.That(summary.Success, Is.True, repro.Out + repro.Error);
        Assert.That(int.Parse(summary.Groups[1].Value), Is.GreaterThanOrEqualTo(8), repro.Out);
    }

    [GeneratedRegex(@"SUMMARY: reproduced (\d+)/10")]
    private static partial Regex Reproduced();
}
