using System.Diagnostics;

namespace Stampede.Execution.Profiling;

/// <summary>
/// Process-wide time per <see cref="WorkPhase"/>, counted exclusively: a phase measured inside another is subtracted
/// from the outer one. A worker reads <see cref="Snapshot"/> before and after a request and reports the difference,
/// so that a campaign can say where its time went (<c>fuzz --profile</c>). Costs two clock reads per measured phase;
/// phases are measured on the threads that drive a run, never inside the program threads' calls.
/// </summary>
public static class PhaseClock
{
    static readonly int PhaseCount = Enum.GetValues<WorkPhase>().Length;

    // Ticks per phase, then how many times each phase was measured.
    static readonly long[] totals = new long[2 * PhaseCount];

    // The time phases nested in the current one took on this thread, to be subtracted from it.
    [ThreadStatic] static long nestedTicks;

    public static Scope Measure(WorkPhase phase)
    {
        long saved = nestedTicks;
        nestedTicks = 0;
        return new Scope(phase, Stopwatch.GetTimestamp(), saved);
    }

    /// <summary>Ticks (<see cref="Stopwatch.Frequency"/> per second) per phase so far, indexed by <see cref="WorkPhase"/>,
    /// then the count of each.</summary>
    public static long[] Snapshot()
    {
        var copy = new long[totals.Length];
        for (int i = 0; i < copy.Length; i++) copy[i] = Interlocked.Read(ref totals[i]);
        return copy;
    }

    /// <summary>Time and count per phase between two snapshots (the worker's response carries these).</summary>
    public static Dictionary<WorkPhase, PhaseTime> Since(long[] before)
    {
        var now = Snapshot();
        var result = new Dictionary<WorkPhase, PhaseTime>();
        foreach (var phase in Enum.GetValues<WorkPhase>())
            if (now[PhaseCount + (int)phase] - before[PhaseCount + (int)phase] is var count and > 0)
                result[phase] = new PhaseTime((now[(int)phase] - before[(int)phase]) * 1000.0 / Stopwatch.Frequency, count);
        return result;
    }

    public readonly struct Scope(WorkPhase phase, long start, long outerNested) : IDisposable
    {
        public void Dispose()
        {
            long elapsed = Stopwatch.GetTimestamp() - start;
            Interlocked.Add(ref totals[(int)phase], elapsed - nestedTicks);
            Interlocked.Increment(ref totals[PhaseCount + (int)phase]);
            nestedTicks = outerNested + elapsed;
        }
    }
}

/// <summary>The milliseconds a phase took, not counting phases measured inside it, and how many times it was measured.</summary>
public sealed record PhaseTime(double Milliseconds, long Count)
{
    public PhaseTime Plus(PhaseTime other) => new(Milliseconds + other.Milliseconds, Count + other.Count);
}
