using System.Diagnostics;

namespace Stampede.Execution.Running;

/// <summary>
/// How much a run's calls truly ran at the same time, summed over the measured repetitions (one in
/// <see cref="MeasuredOneIn"/>) of programs with at least two calling threads: the calls, and those that ran while a
/// call of another thread ran too. Two calls whose intervals overlap ran together when they used more CPU time between
/// them than the wall time from the first one's start to the last one's end (by a tenth): calls that only took turns,
/// one waiting for the other's lock, used at most that. Races need two threads inside the library together: when few calls run together (a slow barrier,
/// one usable core, a CPU quota, or a library that takes one internal lock in every function), "no findings" means
/// little, and <see cref="IsLow"/> says so.
/// </summary>
public readonly record struct Concurrency(long Calls, long RunningTogether)
{
    /// <summary>Repetitions whose calls' CPU time is read: one in this many.</summary>
    public const int MeasuredOneIn = 4;

    /// <summary>Below this share of calls running together, a campaign warns that it is nearly blind to races.</summary>
    public const double LowOverlap = 0.05;

    /// <summary>The fewest measured calls before the share means anything.</summary>
    public const int MeaningfulCalls = 1000;

    public static Concurrency None => default;

    /// <summary>The share of calls that ran while a call of another thread ran.</summary>
    public double Overlap => Calls == 0 ? 0 : (double)RunningTogether / Calls;

    public bool IsLow => Calls >= MeaningfulCalls && Overlap < LowOverlap;

    public static Concurrency operator +(Concurrency a, Concurrency b) => new(a.Calls + b.Calls, a.RunningTogether + b.RunningTogether);

    /// <summary>A call as measured: its interval (Stopwatch ticks) and the CPU time it used (nanoseconds).</summary>
    public readonly record struct TimedCall((long Start, long End) Interval, long CpuNanoseconds)
    {
        public bool RanWith(TimedCall other)
        {
            if (other.Interval.Start >= Interval.End || Interval.Start >= other.Interval.End) return false;
            long union = Math.Max(Interval.End, other.Interval.End) - Math.Min(Interval.Start, other.Interval.Start);
            return CpuNanoseconds + other.CpuNanoseconds > 1.1 * union * 1e9 / Stopwatch.Frequency;
        }
    }

    /// <summary>One repetition's, from its calls per thread; none when fewer than two threads made calls.</summary>
    public static Concurrency Of(IReadOnlyList<TimedCall[]> threads)
    {
        if (threads.Count(t => t.Length > 0) < 2) return None;
        long calls = 0, together = 0;
        for (int t = 0; t < threads.Count; t++)
            foreach (var call in threads[t])
            {
                calls++;
                if (RunsWithAnother(threads, t, call)) together++;
            }
        return new Concurrency(calls, together);
    }

    // Programs have a few dozen calls: a direct comparison is cheaper than a sweep's sorting.
    static bool RunsWithAnother(IReadOnlyList<TimedCall[]> threads, int thread, TimedCall call)
    {
        for (int other = 0; other < threads.Count; other++)
        {
            if (other == thread) continue;
            foreach (var otherCall in threads[other])
                if (call.RanWith(otherCall)) return true;
        }
        return false;
    }
}
