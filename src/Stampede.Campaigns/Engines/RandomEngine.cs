namespace Stampede.Campaigns.Engines;

/// <summary>
/// The random engine: a <see cref="Campaign"/> of generated programs (after the corpus's own), each run in a worker
/// process in the campaign's <see cref="ProgramMode"/>.
/// </summary>
public sealed class RandomEngine(CampaignOptions options) : ICampaignEngine
{
    Campaign? campaign;

    public string Describe(CampaignContext context) =>
        $"fuzzing {context.Harness.Library} ({context.Harness.Model.Functions.Count} functions) for {options.Duration}, " +
        $"{options.Jobs} worker(s), up to {options.Threads} threads per program, seed {options.Seed}" +
        (options.RunMode is ProgramMode.Systematic ? ", " + options.RunMode.Describe() : "");

    public IReadOnlyList<string> Prepare(CampaignContext context)
    {
        // Read here too (the campaign reads them again when it starts) so that a corrupt file stops everything first.
        var queued = CorpusPrograms.Load(context.Store.Directory, context.Harness.Model);
        campaign = new Campaign(context.Harness, options with { CorpusDirectory = context.Store.Directory }, context.Launch, context.Report, context.Warning,
            context.Attribution, context.Sync);
        if (queued.Count == 0) return [];
        return [$"running {queued.Count} corpus program(s) first" +
                (queued.Count(q => q.Leftover) is var left and > 0 ? $", {left} left in flight by an interrupted campaign" : "")];
    }

    public string Run(CampaignContext context, CancellationToken cancel)
    {
        var status = Started.Run(cancel);
        if (status.Concurrency.IsLow) context.Warning(LowOverlap(status.Concurrency));
        return status.Line();
    }

    /// <summary>What a campaign whose calls rarely ran together says: its "no findings" is weak evidence.</summary>
    public static string LowOverlap(Execution.Running.Concurrency measured) =>
        $"calls rarely ran at the same time: {measured.Overlap:P1} of {measured.Calls:N0} measured calls ran while another thread's call " +
        "ran too. Races need two threads inside the library together, so an absence of findings says little here. Likely causes: " +
        "the library serializes its functions (one internal lock), the machine or container gives this process one usable core or " +
        "a CPU quota, or programs have one busy thread";

    public string Progress() => Started.Status().Line();

    public CampaignStatus? Status() => campaign?.Status();

    public Profiling.CampaignProfile? Profile() => campaign?.Profile;

    Campaign Started => campaign ?? throw new InvalidOperationException("Prepare comes before Run");
}
