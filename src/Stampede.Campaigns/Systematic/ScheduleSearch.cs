using Stampede.Execution.Instances;
using Stampede.Execution.Systematic;
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
    /// the race its key names (<see cref="ScheduledRace"/>); null when the signature is not known yet. A failure that
    /// shows one side of the race only counts when the program run serially (one thread after the other, under the
    /// scheduling runtime) does not fail: then the interleaving caused it.</summary>
    public static Func<CampaignFinding, bool>? Matcher(string? signature, Reproducer reproducer)
    {
        if (signature is null) return null;
        if (!ScheduleRuntime.IsNeededBy(reproducer.Harness.LibraryPath)) return f => f.Shows(signature);
        var api = CampaignFinding.Shape(reproducer.Harness.Model);
        return f => ScheduledRace.Evidence(f, signature, api) switch
        {
            RaceEvidence.TwoSides => true,
            RaceEvidence.OneSide => !FailsSerially(reproducer, f),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="found"/>'s program fails with its threads run one after the other (the
    /// runtime's strategy none from the first decision: thread 0 runs while it can, then thread 1, ...).</summary>
    static bool FailsSerially(Reproducer reproducer, CampaignFinding found)
    {
        var program = ProgramText.Parse(found.Program, reproducer.Harness.Model);
        var serial = new SystematicRequest(SystematicStrategy.Random, Trace: NativeTrace.ToText(NativeTrace.Serial(program.Threads.Count)));
        return reproducer.RunSystematic(program, 1, serial, 0) is not null;
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
