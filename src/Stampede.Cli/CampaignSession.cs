using Stampede.Campaigns;
using Stampede.Campaigns.Attribution;
using Stampede.Campaigns.Engines;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Reports;

namespace Stampede.Cli;

/// <summary>
/// What a command that runs a campaign holds while it runs, for <c>fuzz</c> and <c>gate</c> alike: the corpus its
/// findings go to, the findings' lines, the progress line, SIGINT/SIGTERM (<see cref="Interruption"/>) and the cap on
/// the whole command. <see cref="Hunt"/> runs the engine and its completion; what follows is the command's own.
/// </summary>
internal sealed class CampaignSession : IDisposable
{
    readonly CancellationTokenSource stop;

    public FindingStore Store { get; }
    public RunFindings Findings { get; }
    public ProgressLine Progress { get; }
    public Interruption Interruption { get; }
    public TotalTime Total { get; }
    public Campaigns.Sharding.ShardSync? Sync { get; }
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>Fires at the cap, on SIGINT/SIGTERM, or when the caller's token does.</summary>
    public CancellationToken Stop => stop.Token;

    /// <summary>Whether a signal (not the cap) stopped the command.</summary>
    public bool Interrupted => Interruption.Token.IsCancellationRequested;

    /// <param name="afterInterruption">What the command still does once interrupted, for the line that says so.</param>
    /// <param name="sync">What this shard takes from the others, when it is one of several.</param>
    public CampaignSession(Harness harness, string corpus, TotalTime total, string afterInterruption, CancellationToken cancel,
        Campaigns.Sharding.ShardSync? sync = null)
    {
        LibraryFile.Check(harness.LibraryPath); // before anything is created
        Total = total;
        Sync = sync;
        Store = FindingStore.Open(corpus);
        bool live = !Console.IsOutputRedirected;
        Findings = new RunFindings(Store, harness, live, sync);
        Progress = new ProgressLine(Findings.Gate, live);
        var progress = Progress;
        Interruption = Interruption.Listen(signal => progress.Print(
            $"INFO: {Interruption.Name(signal)}: stopping (a program in flight is kept for the next campaign, {afterInterruption}); " +
            "send it again to abort at once"));
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, Interruption.Token);
        stop.CancelAfter(total.Remaining);
    }

    /// <summary>Runs the engine until its duration, the cap or a signal, then (unless stopped) lets it complete; samples its
    /// counters into <c>stats.csv</c> of <paramref name="outDirectory"/> as it goes, and with <paramref name="profile"/> prints
    /// where its time went. Returns the samples.</summary>
    public IReadOnlyList<StatisticsSample> Hunt(ICampaignEngine engine, Harness harness, WorkerLaunch launch, CrashAttribution? attribution,
        string? outDirectory, string stopsLine, bool profile = false)
    {
        var context = new CampaignContext(harness, Store, launch, Findings.Record, Output.Info, Output.Warning, attribution, Sync);
        Output.Info(engine.Describe(context));
        Output.Info($"corpus {Store.Directory}");
        if (Sync is { } sync)
            Output.Info($"shard {sync.Shard} of {sync.Root}: writes {sync.Shard.DirectoryName}/, reads the other shards' findings and " +
                        $"interesting programs every {sync.Interval.TotalSeconds:0}s");
        Output.Info(stopsLine);
        foreach (string line in engine.Prepare(context)) Output.Info(line);

        var campaign = System.Diagnostics.Stopwatch.StartNew();
        using var statistics = new StatisticsRecorder(engine.Status, () => { lock (Findings.Gate) return Findings.Found.Count; }, outDirectory);
        Progress.Enter(RunPhase.Campaign, () => Min(Total.Campaign - campaign.Elapsed, Total.Remaining), engine.Progress);
        string done = engine.Run(context, Stop);
        statistics.Take();
        Progress.Print("DONE: " + done);
        if (profile && engine.Profile() is { } measured)
            foreach (var row in measured.Rows())
                Progress.Print("PROFILE: " + row.Line());
        if (!Stop.IsCancellationRequested)
        {
            Progress.Enter(RunPhase.Completing, () => Total.Remaining, () => $"{Findings.Found.Count} distinct finding(s) so far");
            engine.Complete(context, Stop);
        }
        return statistics.Samples;
    }

    public static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a > TimeSpan.Zero ? a : TimeSpan.Zero) : b;

    public void Dispose()
    {
        Progress.Dispose();
        stop.Dispose();
        Interruption.Dispose();
        Store.Dispose();
    }
}
