using Stampede.Worker;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Triaging;

/// <summary>
/// Triage by re-running a finding's program in worker processes (so a crash or a hang is survived) under three
/// schedules and comparing: the same calls by one caller on one thread (API misuse or an ordinary bug when it still
/// fails), the unchanged program (the reproduction rate), and every native call serialized by one global lock (a bug
/// that vanishes there is what a GIL hid). Only the same signature counts: another failure is another bug.
/// <para>
/// The cheapest decisive question comes first: one single-threaded run that shows the failure settles it (the failure
/// is not a thread-safety bug whatever else holds), so neither the rate nor the global lock is measured then; a crash
/// costs a worker restart per run, which is most of triage's time. Triage judges the program it is given: callers give
/// the program the finding reports (the minimized one), since a longer program may misuse several functions and fail on
/// one thread at another call first, under another signature.
/// </para>
/// </summary>
public static class FindingTriage
{
    /// <summary>Triage of the failure <paramref name="signature"/> of <paramref name="kind"/> shown by
    /// <paramref name="program"/>. <paramref name="progress"/> hears one line per measurement.</summary>
    public static Triage Run(
        Reproducer reproducer, ConcurrentProgram program, FindingKind kind, string signature, TriageOptions options,
        Action<string>? progress = null) =>
        Judge(reproducer, program, kind, signature, options, [], progress).Triage;

    /// <summary>
    /// As <see cref="Run"/>, for a recorded finding whose <paramref name="timeline"/> says which calls the program's
    /// threads were in when it failed: the single-threaded check tries first each such thread's calls up to that call,
    /// alone after setup, then the run's calls in the order they started, as one caller (one run each), then the whole
    /// program on one thread. Returns the triage and the program it
    /// judged: the shorter one-thread program when that is what showed the failure, which the finding then reports.
    /// </summary>
    public static (Triage Triage, ConcurrentProgram Judged) Judge(
        Reproducer reproducer, ConcurrentProgram program, FindingKind kind, string signature, TriageOptions options,
        IReadOnlyList<ThreadTimeline> timeline, Action<string>? progress = null)
    {
        if (OnOneThread(reproducer, program, kind, signature, options, timeline, progress) is { } alone) return alone;
        var counted = reproducer.Count(program, signature, options.Runs, options.Repetitions, Schedule.Stress, requestSeconds: options.RequestSeconds);
        var rate = new ReproductionRate(counted.Reproduced, counted.Runs);
        progress?.Invoke($"reproduced {rate} runs of {options.Repetitions} repetitions");
        // The rate's runs of a program with one thread were single-threaded runs.
        if (program.Threads.Count <= 1 && counted.Example is { } shown)
            return (new Triage(true, null, rate, FailingCall(shown, program)), program);
        return (UnderLock(reproducer, program, signature, rate, options, progress), program);
    }

    /// <summary>The rest of triage when the reproduction rate is known already (<c>stampede repro</c> measured it).
    /// A failure that did not come back in any run is left at that: nothing else is measured.</summary>
    public static Triage Complete(
        Reproducer reproducer, ConcurrentProgram program, FindingKind kind, string signature, ReproductionRate rate, TriageOptions options,
        Action<string>? progress = null)
    {
        if (rate.Reproduced == 0) return new Triage(null, null, rate);
        if (OnOneThread(reproducer, program, kind, signature, options, [], progress) is { Triage: var alone }) return alone with { Rate = rate };
        return UnderLock(reproducer, program, signature, rate, options, progress);
    }

    /// <summary>
    /// The triage when one caller making the program's calls shows the failure, with the function whose call failed and
    /// the program that showed it; null when it does not (or cannot: see <see cref="NeedsTwoThreads"/>). Each candidate
    /// runs once until one shows the failure, at most <see cref="TriageOptions.Runs"/> runs in all. A program with one
    /// thread is single-threaded by definition, whatever its verdict's kind: its own runs are the question, so it runs as
    /// it is (the single-threaded schedule would only move its setup onto the same thread).
    /// </summary>
    static (Triage Triage, ConcurrentProgram Judged)? OnOneThread(
        Reproducer reproducer, ConcurrentProgram program, FindingKind kind, string signature, TriageOptions options,
        IReadOnlyList<ThreadTimeline> timeline, Action<string>? progress)
    {
        bool oneThread = program.Threads.Count <= 1;
        if (!oneThread && NeedsTwoThreads(kind))
        {
            progress?.Invoke($"single-threaded: no ({kind.Name()} needs two threads)");
            return null;
        }
        // One run each: a failure of one caller is as deterministic as its calls (the rate's runs come next anyway). A
        // prefix is a one-thread program, for which the stress schedule is the single-threaded one; the whole program
        // runs under the single-threaded schedule and stays the program judged.
        var candidates = (oneThread ? [] : OneCallerCandidates(program, timeline, reproducer.Harness.Model).Distinct().Select(p => (p, Schedule.Stress)))
            .Append((program, oneThread ? Schedule.Stress : Schedule.SingleThreaded))
            .Take(options.Runs);
        int run = 0;
        foreach (var (candidate, schedule) in candidates)
        {
            run++;
            if (reproducer.RunShowing(candidate, signature, options.Repetitions, schedule, options.RequestSeconds) is not { } shown || !shown.Shows(signature)) continue;
            var ran = schedule == Schedule.SingleThreaded ? OneThread.Of(candidate) : candidate;
            string call = FailingCall(shown, ran);
            progress?.Invoke($"single-threaded: reproduces in {call} (run {run}: {ran.Threads.Sum(t => t.Calls.Count) + ran.Setup.Count} call(s) on one thread)");
            return (new Triage(true, null, null, call), candidate);
        }
        progress?.Invoke($"single-threaded: not in {run} runs");
        return null;
    }

    /// <summary>
    /// One-thread programs made of what the failing run did, cheapest first: for each thread that was inside a call when
    /// it failed (the timeline's in-flight call), setup and that thread's calls up to that one — what one caller did
    /// before the failure; then every call the run started, in the order they started, as one caller — the failing
    /// run's own order, which is exact when it failed in one of the oracles' sequential reference runs (one call at a
    /// time, in an order of the oracles' choosing, unlike the program's own).
    /// </summary>
    public static IEnumerable<ConcurrentProgram> OneCallerCandidates(ConcurrentProgram program, IReadOnlyList<ThreadTimeline> timeline, ApiModel model)
    {
        var started = new List<(int Thread, int Position, long Start)>();
        foreach (var thread in timeline)
        {
            if (!int.TryParse(thread.Thread.AsSpan(1), out int index) || index < 0 || index >= program.Threads.Count) continue;
            int calls = Math.Min(thread.Calls.Count, program.Threads[index].Calls.Count);
            started.AddRange(Enumerable.Range(0, calls).Select(p => (index, p, thread.Calls[p].StartMicros)));
            if (thread.InFlight is not { } position || position >= calls) continue;
            if (Valid(OneThread.InOrder(program, Enumerable.Range(0, position + 1).Select(p => (index, p)))) is { } prefix) yield return prefix;
        }
        if (started.Select(c => c.Thread).Distinct().Count() > 1 &&
            Valid(OneThread.InOrder(program, started.OrderBy(c => c.Start).ThenBy(c => c.Thread).ThenBy(c => c.Position).Select(c => (c.Thread, c.Position)))) is { } inOrder)
            yield return inOrder;

        ConcurrentProgram? Valid(ConcurrentProgram candidate)
        {
            var renumbered = HandleNumbers.Renumber(candidate);
            return ProgramValidator.Validate(renumbered, model).Count == 0 ? renumbered : null;
        }
    }

    static Triage UnderLock(
        Reproducer reproducer, ConcurrentProgram program, string signature, ReproductionRate rate, TriageOptions options, Action<string>? progress)
    {
        if (rate.Reproduced == 0) return new Triage(null, null, rate);
        bool underLock = reproducer.AnyRunShows(program, signature, options.Runs, options.Repetitions, Schedule.Serialized, options.RequestSeconds);
        progress?.Invoke($"under a global lock: {(underLock ? "reproduces" : $"not in {options.Runs} runs")}");
        return new Triage(false, underLock, rate);
    }

    /// <summary>
    /// The function whose call failed in a run with one program thread: the call that thread was in when the worker
    /// died or hung (the call board says), else, for a verdict over the results, the last call the run started; else
    /// the program's last call (heap corruption found later, between calls, is blamed on the call before).
    /// </summary>
    internal static string FailingCall(CampaignFinding shown, ConcurrentProgram ran)
    {
        var places = shown.Crash?.Threads ?? shown.Hang?.Threads;
        if (places?.Select(p => p.Function).OfType<string>().FirstOrDefault() is { } inCall) return inCall;
        if (shown.Timeline?.SelectMany(t => t.Calls).MaxBy(c => c.StartMicros) is { } last) return last.Function;
        return ran.Threads.SelectMany(t => t.Calls).LastOrDefault()?.Function ?? ran.Setup.LastOrDefault()?.Function ?? "?";
    }

    /// <summary>Verdicts no single-threaded run of a program with several threads can give: one caller's run is
    /// linearizable by construction (its only legal order is the one it ran, which is the reference itself), and
    /// cross-talk needs another thread.</summary>
    public static bool NeedsTwoThreads(FindingKind kind) => kind is FindingKind.NotLinearizable or FindingKind.Isolation;
}
