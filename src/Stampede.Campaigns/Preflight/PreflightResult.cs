using Stampede.Execution.Running;
using Stampede.Model;

namespace Stampede.Campaigns.Preflight;

/// <summary>What the preflight saw of one canary race: the failure it was seen as (null: not seen) and how long it took.</summary>
public sealed record CanaryOutcome(CanaryRace Race, FindingKind? SeenAs, string? Signature, TimeSpan Took)
{
    public bool Found => SeenAs is not null;

    public string Line() => Found
        ? $"{Race.Name}: found as {Signature} in {Took.TotalSeconds:0.0}s"
        : $"{Race.Name}: NOT found in {Took.TotalSeconds:0.0}s";
}

/// <summary>The preflight's verdict: how many of the overlap program's calls ran together, and each canary race's outcome
/// (none when too few calls ran together to run them). It passes when calls ran together often enough
/// (<see cref="Concurrency.IsLow"/>) and every race was found. <see cref="Hang"/>: the hang timeout the races ran with.</summary>
public sealed record PreflightResult(Concurrency Overlap, IReadOnlyList<CanaryOutcome> Races, TimeSpan Hang, TimeSpan Took)
{
    public bool Passed => !Overlap.IsLow && Races.Count > 0 && Races.All(r => r.Found);

    /// <summary>Why it failed, in one line; null when it passed.</summary>
    public string? Failure()
    {
        if (Passed) return null;
        var missed = Races.Where(r => !r.Found).Select(r => r.Race).ToList();
        string why = Overlap.IsLow
            ? $"only {Overlap.Overlap:P1} of the canary's calls ran at the same time as another thread's (one usable core, a CPU " +
              "quota or affinity, or an overloaded machine), so its races could not show"
            : $"the canary's {string.Join(", ", missed.Select(r => r.Name))} race{(missed.Count > 1 ? "s were" : " was")} not found " +
              $"in {CanaryPreflight.PerRace.TotalSeconds:0}s each, though {Overlap.Overlap:P0} of its calls ran together" +
              (missed.Any(r => r.Expected == FindingKind.Hang) && Hang >= CanaryPreflight.PerRace
                  ? $" (a deadlock shows only after --hang, {Hang.TotalSeconds:0}s here)" : "");
        return $"preflight failed: {why}. A campaign with these settings cannot be trusted to find races, so it does not run " +
               "(docs/engine.md, \"Preflight\")";
    }
}
