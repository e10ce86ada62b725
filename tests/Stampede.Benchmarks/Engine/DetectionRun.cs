using Stampede.Campaigns.Attribution;
using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Model;
using Stampede.Campaigns.Supervision;

namespace Stampede.Benchmarks.Engine;

/// <summary>The first finding that detected a group in one run; <see cref="Repetitions"/>: the repetitions (systematic
/// iterations) the campaign had completed by then.</summary>
/// <summary>A group's first detection: <see cref="Seconds"/> when the campaign saw the failure (a worker's death, a wrong
/// result: what the naive hammer's clock measures too), <see cref="ReportedSeconds"/> when it reported it, a plain crash
/// named by its cause first.</summary>
public sealed record Detection(RaceGroup Group, double Seconds, string Kind, string Signature, long Repetitions = 0, double? ReportedSeconds = null);

/// <summary>A finding that detected no group: a false positive (mt-safe functions only) or something else.</summary>
public sealed record StrayFinding(string Library, int Seed, double Seconds, string Kind, string Signature, bool FalsePositive);

/// <summary>What one campaign (one library, one seed) detected, and when.</summary>
public sealed record DetectionResult(
    string Library, int Seed, double Seconds, IReadOnlyDictionary<string, Detection> Detected,
    IReadOnlyList<StrayFinding> Strays, CampaignStatus Status, bool Stalled);

/// <summary>
/// Runs one real campaign, as <c>stampede fuzz --jobs 1</c> does, over the library's harness, and records the
/// campaign clock at the first finding that detects each race group. Stops early once every group is detected,
/// so a fast library costs seconds, not the whole cap. With a <paramref name="strategy"/>, the campaign runs in
/// systematic mode and waits only for the groups that mode can show. As <c>fuzz</c> does, a plain crash is named by
/// running it again under the library's sanitizer builds (<see cref="CrashAttribution"/>), and the campaign clock
/// includes that time.
/// </summary>
public static class DetectionRun
{
    public static DetectionResult Run(
        Contracts contracts, string library, string harness, int seed, TimeSpan cap, WorkerLaunch launch, Action<string> log,
        string? strategy = null)
    {
        var matcher = new FindingMatcher(contracts, library);
        var wanted = contracts.GroupsOf(library).Where(g => strategy is null || g.BetweenCalls).Select(g => g.Name).ToHashSet();
        var detected = new Dictionary<string, Detection>();
        var strays = new Dictionary<string, StrayFinding>(); // first hit per signature
        var gate = new object();
        using var cancel = new CancellationTokenSource();
        string corpus = Directory.CreateTempSubdirectory("stampede-bench-corpus-").FullName;
        Campaign? campaign = null;
        // Systematic campaigns run as stampede fuzz --mode systematic does (its default iterations per program).
        var options = new CampaignOptions(cap, Seed: seed, CorpusDirectory: corpus, Jobs: 1,
            Mode: strategy is null ? null : new ProgramMode.Systematic(strategy));
        var opened = Harness.Open(harness);
        using var attribution = CrashAttribution.For(opened, launch,
            Path.Combine(Path.GetDirectoryName(launch.LeadingArguments[0])!, "sanitizers"), options.HangTimeout); // shipped beside the CLI
        campaign = new Campaign(opened, options, launch, finding =>
        {
            var status = campaign!.Status();
            double reported = status.Elapsed.TotalSeconds, seconds = finding.SeenAt?.TotalSeconds ?? reported;
            var verdict = matcher.Judge(finding);
            lock (gate)
            {
                foreach (var group in verdict.Groups)
                    if (detected.TryAdd(group.Name, new Detection(group, seconds, finding.Kind.Name(), finding.Signature, status.Repetitions, reported)))
                        log($"  {library} seed {seed}: {group.Name} at {seconds:F1}s (reported at {reported:F1}s) by {finding.Signature}");
                if (verdict.Groups.Count == 0 && !strays.ContainsKey(finding.Signature))
                {
                    strays[finding.Signature] = new StrayFinding(library, seed, seconds, finding.Kind.Name(), finding.Signature, verdict.FalsePositive);
                    log($"  {library} seed {seed}: {(verdict.FalsePositive ? "FALSE POSITIVE" : "other finding")} {finding.Signature}");
                }
                if (wanted.IsSubsetOf(detected.Keys)) cancel.Cancel();
            }
        }, attribution: attribution);
        var (status, stalled) = OverrunGuard.Run(() => campaign.Run(cancel.Token), cap, log);
        log($"  {library} seed {seed}: {status.Line()}");
        try { Directory.Delete(corpus, recursive: true); } catch (IOException) { }
        lock (gate)
            return new DetectionResult(library, seed, status.Elapsed.TotalSeconds, new Dictionary<string, Detection>(detected),
                strays.Values.OrderBy(s => s.Seconds).ToArray(), status, stalled);
    }
}
