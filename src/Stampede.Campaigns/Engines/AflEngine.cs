using Stampede.Campaigns.Afl;
using Stampede.Execution.Coverage;
using Stampede.Findings;
using Stampede.Worker.Afl;

namespace Stampede.Campaigns.Engines;

/// <summary>
/// The AFL++ engine: an <see cref="AflCampaign"/> (progress from the instances' stats), then the crashes and hangs
/// AFL++ saved run through worker processes into the corpus (<see cref="AflImport"/>), where they become findings like
/// any other.
/// </summary>
public sealed class AflEngine(CampaignOptions options, AflSettings settings) : ICampaignEngine
{
    /// <summary>Worker runs per imported input, and repetitions per run: races AFL++ saw once may need several.</summary>
    const int ImportRuns = 3, ImportRepetitions = 500;

    AflCampaign? campaign;
    AflCampaignResult? result;

    AflCampaignOptions Options(CampaignContext context) => new(
        options.Duration, settings.Directory ?? DefaultPlaces.AflDirectory(context.Harness.Directory), AflDecoding.Current(options.Threads),
        options.Jobs, options.Seed, settings.Repetitions ?? AflCampaignOptions.DefaultRepetitions, settings.Feedback, context.Store.Directory);

    public string Describe(CampaignContext context)
    {
        var afl = Options(context);
        return $"fuzzing {context.Harness.Library} ({context.Harness.Model.Functions.Count} functions) with AFL++ for {afl.Duration}, " +
               $"{afl.Jobs} instance(s), up to {afl.Decoding.Threads} threads per program, {afl.Repetitions} repetitions per input, " +
               $"feedback {FeedbackSignalsText.Format(afl.Feedback)}, seed {afl.Seed}";
    }

    public IReadOnlyList<string> Prepare(CampaignContext context)
    {
        var afl = Options(context);
        campaign = new AflCampaign(context.Harness, afl, AppContext.BaseDirectory, context.Info);
        return [$"AFL++ directory {afl.AflDirectory}"];
    }

    public string Run(CampaignContext context, CancellationToken cancel)
    {
        result = Started.Run(cancel);
        return Line(result.Elapsed, result.Stats);
    }

    public string Progress() => Line(Started.Elapsed, Started.Status());

    /// <summary>AFL++ counts executions of inputs, each a program: programs, with calls not counted.</summary>
    public CampaignStatus? Status() => campaign is null ? null
        : new CampaignStatus(campaign.Elapsed, campaign.Status().Executions, campaign.Status().Executions, 0, 0, new Dictionary<Model.FindingKind, int>(), 0);

    public void Complete(CampaignContext context, CancellationToken cancel)
    {
        if (result is not { Saved.Count: > 0 } || cancel.IsCancellationRequested) return;
        context.Info($"running {result.Saved.Count(s => s.Kind == AflSavedKind.Crash)} crash(es) and {result.Saved.Count(s => s.Kind == AflSavedKind.Hang)} hang(s) " +
                     $"AFL++ saved through worker processes (up to {ImportRuns} runs of {ImportRepetitions} repetitions each)");
        using var reproducer = new Reproducer(context.Harness, context.Launch, options.HangTimeout, context.Attribution);
        AflImport.Run(result.Saved, reproducer, Started.Decoding, Path.Combine(context.Store.Directory, CorpusLayout.Interesting), ImportRuns, ImportRepetitions,
            (_, finding) => context.Report(finding), context.Warning, cancel);
    }

    AflCampaign Started => campaign ?? throw new InvalidOperationException("Prepare comes before Run");

    static string Line(TimeSpan elapsed, FuzzerStats stats) =>
        $"afl {elapsed.TotalSeconds:F0}s: {stats.Executions} execs ({stats.Executions / Math.Max(1, elapsed.TotalSeconds):F0}/s), queue {stats.Queue}, " +
        $"crashes {stats.Crashes}, hangs {stats.Hangs}" + (stats.Stability.Length > 0 ? $", stability {stats.Stability}" : "");
}
