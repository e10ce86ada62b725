using Stampede.Execution.Instances;
using Stampede.Harnesses;
using Stampede.Model.Programs;
using Stampede.Worker;

namespace Stampede.Campaigns.Systematic;

/// <summary>
/// A systematic search for one failure of a program: what counts as that failure (<see cref="Matcher"/>), and the
/// search itself, which goes on past the program's other failures. Deterministic for a seed (Coyote's strategies, and
/// the scheduling runtime's with its heap guard on a schedule build), so it is also the predicate of a minimization
/// that shrinks under schedules: a candidate shows the failure or does not, the same every time it is asked.
/// </summary>
public static class ScheduleSearch
{
    /// <summary>What counts as the finding signed <paramref name="signature"/>: that signature, or on a schedule build
    /// the race its key names (<see cref="ScheduledRace"/>); null when the signature is not known yet.</summary>
    public static Func<CampaignFinding, bool>? Matcher(string? signature, Harness harness)
    {
        if (signature is null) return null;
        if (!ScheduleRuntime.IsNeededBy(harness.LibraryPath)) return f => f.Shows(signature);
        var api = CampaignFinding.Shape(harness.Model);
        return f => ScheduledRace.StandsFor(f, signature, api);
    }

    /// <summary>The first traced failure within <paramref name="iterations"/> that <paramref name="matches"/> (any
    /// failure when null), searching on past the others (a long stress program may fail some other way first);
    /// <paramref name="other"/> is the last failure that did not match.</summary>
    public static CampaignFinding? Find(Reproducer reproducer, ConcurrentProgram program, int iterations, string strategy, int seed,
        Func<CampaignFinding, bool>? matches, out CampaignFinding? other, Action<CampaignFinding>? onOther = null)
    {
        other = null;
        for (int first = 0; first < iterations;)
        {
            var found = reproducer.RunSystematic(program, iterations - first, new SystematicRequest(strategy, FirstIteration: first), seed);
            if (found is null) return null;
            if (found.Schedule is not null && (matches is null || matches(found))) return found;
            other = found;
            if (found.Schedule is null) return null; // an untraced failure cannot be searched past: its iteration is unknown
            onOther?.Invoke(found);
            first = found.Schedule.Iteration + 1;
        }
        return null;
    }
}
