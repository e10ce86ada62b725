using Stampede.Harnesses;
using Stampede.Worker.Afl;
using System.Text.RegularExpressions;
using Stampede.Campaigns;
using Stampede.Campaigns.Afl;
using Stampede.Campaigns.Supervision;
using Stampede.Model.Programs;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// The coverage part (issue 8): time to detect the sample bug meant for coverage guidance (kvstore's race group
/// <see cref="Group"/>: a use-after-free behind kv_tune's service code, knob 100 with value 127) with the random engine
/// and with AFL++ under three feedback settings, the same budget and seeds for each, arms interleaved per seed so that
/// the machine's load drifts over all of them alike. Every campaign has one job (one worker process, or one AFL++
/// instance).
///
/// The random engine's time is its campaign clock at the first finding that detects the group (<see cref="FindingMatcher"/>).
/// An AFL++ campaign runs its whole budget; afterwards each crash or hang it saved whose program reaches the guard (read
/// from the program text: a benchmark may use the ground truth, the engine does not) is imported the way
/// <c>stampede fuzz --engine afl</c> imports it, through worker processes, and its time is the <c>time:</c> AFL++ saved it
/// at, when the worker run shows a finding that detects the group.
/// </summary>
public static partial class CoverageBenchmark
{
    public const string Group = "kv_verbose";
    const string Library = "kvstore";

    public static IReadOnlyList<CoverageRun> Run(
        string repo, string cliDirectory, Contracts contracts, int seeds, TimeSpan budget, WorkerLaunch cli, Action<string> log)
    {
        string harness = Path.Combine(repo, "harnesses", Library);
        var runs = new List<CoverageRun>();
        for (int seed = 1; seed <= seeds; seed++)
            foreach (var arm in CoverageArm.All)
            {
                log($"coverage: {arm.Name}, seed {seed}");
                var run = arm.Feedback is null
                    ? Random(contracts, harness, seed, budget, cli, log)
                    : Afl(contracts, harness, arm, seed, budget, cliDirectory, cli, log);
                log($"  {(run.Seconds is { } s ? $"detected at {s:F0}s by {run.Signature}" : "not detected")}; " +
                    $"{run.Executions} executions, {run.ExecutionsPerSecond:F1}/s");
                runs.Add(run with { Arm = arm });
            }
        return runs;
    }

    static CoverageRun Random(Contracts contracts, string harness, int seed, TimeSpan budget, WorkerLaunch cli, Action<string> log)
    {
        var matcher = new FindingMatcher(contracts, Library);
        string corpus = Directory.CreateTempSubdirectory("stampede-bench-coverage-").FullName;
        using var cancel = new CancellationTokenSource();
        (double Seconds, string Signature)? detected = null;
        Campaign? campaign = null;
        campaign = new Campaign(Harness.Open(harness), new CampaignOptions(budget, Seed: seed, CorpusDirectory: corpus, Jobs: 1), cli, finding =>
        {
            if (detected is null && matcher.Judge(finding).Groups.Any(g => g.Name == Group))
            {
                detected = (campaign!.Status().Elapsed.TotalSeconds, finding.Signature);
                cancel.Cancel();
            }
        });
        var (status, _) = OverrunGuard.Run(() => campaign.Run(cancel.Token), budget, log);
        try { Directory.Delete(corpus, recursive: true); } catch (IOException) { }
        return new CoverageRun(CoverageArm.All[0], seed, detected?.Seconds, status.Programs, status.Elapsed.TotalSeconds, detected?.Signature);
    }

    static CoverageRun Afl(
        Contracts contracts, string harness, CoverageArm arm, int seed, TimeSpan budget, string cliDirectory, WorkerLaunch cli, Action<string> log)
    {
        var matcher = new FindingMatcher(contracts, Library);
        string directory = Directory.CreateTempSubdirectory("stampede-bench-afl-").FullName;
        try
        {
            var options = new AflCampaignOptions(budget, directory, AflDecoding.Current(4), Seed: seed, Feedback: arm.Feedback!.Value);
            var result = new AflCampaign(Harness.Open(harness), options, cliDirectory, line => log("  " + line)).Run(CancellationToken.None);
            var opened = Harness.Open(harness);
            var generator = options.Decoding.Generator(opened.Model);
            var candidates = result.Saved.Where(s => ReachesTheGuard(ProgramText.Print(generator.Decode(File.ReadAllBytes(s.File))))).ToArray();
            log($"  {result.Saved.Count} crash(es) and hang(s) saved, {candidates.Length} past the guard");
            using var reproducer = new Reproducer(opened, cli, TimeSpan.FromSeconds(3));
            foreach (var input in candidates)
            {
                var program = generator.Decode(File.ReadAllBytes(input.File));
                for (int attempt = 0; attempt < 3; attempt++)
                    if (reproducer.RunOnce(program, 500) is { } finding && matcher.Judge(finding).Groups.Any(g => g.Name == Group))
                        return new CoverageRun(arm, seed, input.FoundAfter?.TotalSeconds ?? budget.TotalSeconds, result.Stats.Executions,
                            result.Elapsed.TotalSeconds, finding.Signature);
            }
            return new CoverageRun(arm, seed, null, result.Stats.Executions, result.Elapsed.TotalSeconds, null);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    /// <summary>The guard in the program text: kv_tune with the service code, and reports to race.</summary>
    static bool ReachesTheGuard(string program) => program.Contains("kv_report(") && ServiceCode().IsMatch(program);

    [GeneratedRegex(@"kv_tune\(r\d+, 100, 127\)")]
    private static partial Regex ServiceCode();
}
