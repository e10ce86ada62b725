using Stampede.Worker;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Triaging;

/// <summary>
/// Triage by re-running a finding's program in worker processes (so a crash or a hang is survived) under three
/// schedules and comparing: the unchanged program (the reproduction rate), the same calls by one caller on one thread
/// (an ordinary bug or API misuse when it still fails), and every native call serialized by one global lock (a bug
/// that vanishes there is what a GIL hid). Only the same signature counts: another failure is another bug.
/// </summary>
public static class FindingTriage
{
    /// <summary>Triage of the failure <paramref name="signature"/> of <paramref name="kind"/> shown by
    /// <paramref name="program"/>. A failure that does not come back in any run is left at that: nothing else is
    /// measured. <paramref name="progress"/> hears one line per measurement.</summary>
    public static Triage Run(
        Reproducer reproducer, ConcurrentProgram program, FindingKind kind, string signature, TriageOptions options,
        Action<string>? progress = null)
    {
        var counted = reproducer.Count(program, signature, options.Runs, options.Repetitions, Schedule.Stress, requestSeconds: options.RequestSeconds);
        var rate = new ReproductionRate(counted.Reproduced, counted.Runs);
        progress?.Invoke($"reproduced {rate} runs of {options.Repetitions} repetitions");
        return Complete(reproducer, program, kind, signature, rate, options, progress);
    }

    /// <summary>The rest of triage when the reproduction rate is known already (<c>stampede repro</c> measured it).</summary>
    public static Triage Complete(
        Reproducer reproducer, ConcurrentProgram program, FindingKind kind, string signature, ReproductionRate rate, TriageOptions options,
        Action<string>? progress = null)
    {
        if (rate.Reproduced == 0) return new Triage(null, null, rate);

        bool singleThreaded = !NeedsTwoThreads(kind) &&
            reproducer.AnyRunShows(program, signature, options.Runs, options.Repetitions, Schedule.SingleThreaded, options.RequestSeconds);
        progress?.Invoke(NeedsTwoThreads(kind)
            ? $"single-threaded: no ({kind.Name()} needs two threads)"
            : $"single-threaded: {(singleThreaded ? "reproduces" : $"not in {options.Runs} runs")}");

        bool underLock = reproducer.AnyRunShows(program, signature, options.Runs, options.Repetitions, Schedule.Serialized, options.RequestSeconds);
        progress?.Invoke($"under a global lock: {(underLock ? "reproduces" : $"not in {options.Runs} runs")}");
        return new Triage(singleThreaded, underLock, rate);
    }

    /// <summary>Verdicts no single-threaded run can give: a run with one thread is linearizable by construction (its
    /// only legal order is the one it ran, which is the reference itself), and cross-talk needs another thread.</summary>
    public static bool NeedsTwoThreads(FindingKind kind) => kind is FindingKind.NotLinearizable or FindingKind.Isolation;
}
