namespace Stampede.Campaigns.Minimization;

/// <summary>
/// What the worker-backed predicate spends per candidate — up to <see cref="Runs"/> worker runs of
/// <see cref="Repetitions"/> repetitions, a candidate reproducing when any run shows the signature (a flaky bug needs
/// generous repetitions) — and what the whole minimization may spend: <see cref="MaxAttempts"/> candidates and
/// <see cref="Budget"/> of time (null: none).
/// </summary>
public sealed record MinimizeOptions(int Runs = 3, int Repetitions = 1000, int MaxAttempts = 300, TimeSpan? Budget = null, double RequestSeconds = 20)
{
    /// <summary>What <c>stampede fuzz</c> spends per new finding after its campaign.</summary>
    public static MinimizeOptions AfterCampaign(TimeSpan budget) => new(Runs: 2, Repetitions: 500, Budget: budget, RequestSeconds: 5);
}
