namespace Stampede.Campaigns.Engines;

/// <summary>
/// A way of finding bugs in a harness for a while: the random engine, AFL++. One runner (the CLI's
/// <c>CampaignRunner</c>) opens the corpus, prints what the engine says, shows its progress, and after it triages,
/// minimizes and sums up whatever it reported. Adding an engine is one class and one line in
/// <see cref="CampaignEngines.Create"/>.
/// </summary>
public interface ICampaignEngine
{
    /// <summary>The campaign's first line: what it fuzzes, how, for how long.</summary>
    string Describe(CampaignContext context);

    /// <summary>Gets ready before the clock starts, reading what it starts from (a corrupt corpus file stops everything
    /// here); returns lines worth telling about it.</summary>
    IReadOnlyList<string> Prepare(CampaignContext context);

    /// <summary>Runs until the time is up or <paramref name="cancel"/> fires; returns the line that sums it up.</summary>
    string Run(CampaignContext context, CancellationToken cancel);

    /// <summary>The progress line at this moment (called from another thread while <see cref="Run"/> runs).</summary>
    string Progress();

    /// <summary>The campaign's counters at this moment, for its statistics over time; null when the engine keeps none.</summary>
    CampaignStatus? Status() => null;

    /// <summary>Where the campaign's time went; null when the engine does not measure it.</summary>
    Profiling.CampaignProfile? Profile() => null;

    /// <summary>Work after the campaign and before triage: an engine whose failures are not yet findings turns them into
    /// findings here (AFL++'s saved crashes run through workers).</summary>
    void Complete(CampaignContext context, CancellationToken cancel) { }
}
