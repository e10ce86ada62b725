namespace Stampede.Campaigns.Triaging;

/// <summary>How much re-running triage may do: <see cref="Runs"/> worker runs of <see cref="Repetitions"/> repetitions
/// for the reproduction rate, and up to as many again under each other schedule (stopping at the first that shows the
/// failure). Each run is one worker request, capped at <see cref="RequestSeconds"/>.</summary>
public sealed record TriageOptions(int Runs = 5, int Repetitions = 1000, double RequestSeconds = 20)
{
    /// <summary>What <c>stampede fuzz</c> spends per new finding after its campaign.</summary>
    public static TriageOptions AfterCampaign { get; } = new(Runs: 3, Repetitions: 500, RequestSeconds: 5);
}
