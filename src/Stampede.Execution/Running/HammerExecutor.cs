using System.Diagnostics;
using Stampede.Execution.Profiling;
using Stampede.Execution.Worker;

namespace Stampede.Execution.Running;

/// <summary>
/// The hammer phase: one fresh library instance, the program's setup once, then every thread runs its calls round after
/// round on the same shared handles until the time is up — no reload, no history, no oracle, as a hand-written stress
/// loop would, so that races that need millions of calls (a reference count's lost update) are reached. The program
/// must be a <see cref="Model.Programs.HammerLoop"/>. Every call is still announced on the call board, so a crash says
/// who was where; a thread whose call does not return within the hang limit is a hang, and so, at once, are threads
/// deadlocked on each other's mutexes (<see cref="LockCycle"/>).
/// </summary>
public sealed class HammerExecutor(NativeTarget target, CallBoard? board = null)
{
    /// <summary>What a hammer run came to: the calls it made, and the threads stuck in a call when it hung (null when
    /// it did not).</summary>
    public sealed record Outcome(long Calls, int Rounds, IReadOnlyList<int>? Unfinished);

    /// <param name="progress">Called with every round finished, from the program threads: the worker's heartbeat.</param>
    public Outcome Run(PreparedProgram program, TimeSpan budget, TimeSpan hang, Action? progress = null)
    {
        int threads = program.Threads.Count;
        var handles = new HandleTable(program.HighestHandle);
        using var setupArena = new NativeArena();
        var setupLog = new ObservationLog();
        using (PhaseClock.Measure(WorkPhase.Reload)) target.Fresh();
        board?.Clear(threads);
        using (PhaseClock.Measure(WorkPhase.Setup))
            foreach (var call in program.Setup) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);

        var calls = new long[threads];
        var rounds = new int[threads];
        var lastCallAt = new long[threads]; // Stopwatch ticks of each thread's last finished call
        var finished = new bool[threads];
        var osThreads = new int[threads];
        bool stopping = false;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            OsThread.PinRoundRobin(t);
            Volatile.Write(ref osThreads[t], OsThread.CurrentId());
            board?.Register(t, osThreads[t]);
            var mine = program.Threads[t];
            using var arena = new NativeArena();
            var log = new ObservationLog();
            var slots = new long[mine.Count == 0 ? 0 : mine.Max(c => c.ArgumentCount)];
            Volatile.Write(ref lastCallAt[t], Stopwatch.GetTimestamp());
            for (int round = 0; !Volatile.Read(ref stopping); round++)
            {
                log.Reset();
                for (int i = 0; i < mine.Count; i++)
                {
                    var call = mine[i];
                    var span = slots.AsSpan(0, call.ArgumentCount);
                    call.PrepareArguments(arena, span);
                    long start = Stopwatch.GetTimestamp();
                    board?.Enter(t, round, i, call.FunctionIndex, start);
                    long end = call.Invoke(target.Dispatcher, span, handles, log, start);
                    board?.Exit(t, end);
                    Volatile.Write(ref lastCallAt[t], end);
                }
                arena.Reset();
                calls[t] += mine.Count;
                rounds[t]++;
                progress?.Invoke();
            }
            board?.Finish(t);
            Volatile.Write(ref finished[t], true);
        }) { IsBackground = true, Name = $"stampede-hammer-t{t}" }).ToArray();

        using (PhaseClock.Measure(WorkPhase.Threads))
        {
            foreach (var w in workers) w.Start();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < budget)
            {
                Thread.Sleep(20);
                if (Stuck(lastCallAt, finished, hang) is { Length: > 0 } stuck) return new Outcome(calls.Sum(), rounds.Sum(), stuck);
                // Threads deadlocked on each other's mutexes are a hang now: no wait would end it.
                if (Stuck(lastCallAt, finished, LockCycle.ProbeAfter) is { Length: > 0 } && LockCycle.Confirmed(osThreads) is { } cycle)
                    return new Outcome(calls.Sum(), rounds.Sum(), cycle);
            }
            Volatile.Write(ref stopping, true);
            var waited = Stopwatch.StartNew();
            while (Unfinished(finished).Length > 0)
            {
                if (waited.Elapsed > hang) return new Outcome(calls.Sum(), rounds.Sum(), Unfinished(finished));
                Thread.Sleep(1);
            }
        }
        using (PhaseClock.Measure(WorkPhase.Teardown))
            foreach (var call in program.Teardown) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
        return new Outcome(calls.Sum(), rounds.Sum(), null);
    }

    /// <summary>The threads whose current call has not returned for longer than <paramref name="hang"/>.</summary>
    static int[] Stuck(long[] lastCallAt, bool[] finished, TimeSpan hang)
    {
        long now = Stopwatch.GetTimestamp(), limit = (long)(hang.TotalSeconds * Stopwatch.Frequency);
        return Enumerable.Range(0, lastCallAt.Length)
            .Where(t => !Volatile.Read(ref finished[t]) && now - Volatile.Read(ref lastCallAt[t]) > limit).ToArray();
    }

    static int[] Unfinished(bool[] finished) => Enumerable.Range(0, finished.Length).Where(t => !Volatile.Read(ref finished[t])).ToArray();
}
