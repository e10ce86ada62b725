using System.Diagnostics;
using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;

namespace Stampede.Execution.Systematic;

/// <summary>
/// Runs one iteration of a program on a schedule build with its threads under the scheduling runtime (native/schedrt):
/// setup on the caller's thread (no run active: the library's hooks do nothing and its locks are real), then each
/// program thread on an OS thread of its own that enters the run once, makes its calls with a scheduling point of the
/// host's before each, and exits once (the runtime's contract: enter and exit per thread, not per call, so host code
/// between calls holds the token and is ordered like everything else); then teardown. Inside the calls every load,
/// store and lock of the library is a point where the runtime's strategy may switch threads, so races inside one
/// call are explored, and the runtime's trace replays the interleaving exactly.
/// </summary>
/// <remarks>With a <see cref="NativeTraceFile"/>, every run's trace also goes to that file as it grows, so a crash that
/// kills the process leaves the trace of its iteration behind; and after each run <c>malloc_trim(0)</c> walks the heap,
/// so a heap the run corrupted (a double free) fails in that run rather than in a later one, whose trace would not
/// lead there (what the runtime's own driver found); the threads' exit, where glibc frees their allocator caches, is
/// waited for first (<see cref="OsThread.WaitUntilGone"/>, <see cref="NativeHeap"/>).</remarks>
public sealed class NativeScheduleExecutor(NativeTarget target, NativeScheduler scheduler, CallBoard? board = null, NativeTraceFile? traceFile = null)
{
    /// <summary>PCT's k before any run: the runtime's own default.</summary>
    const ulong InitialPctSteps = 1000;

    // PCT's k: the most decisions a run of this executor made so far (the runtime's own estimate, kept here rather than
    // process-wide so that a search from a seed goes the same way whatever else the process ran before).
    ulong largestDecisions;

    /// <summary>Runs iteration <paramref name="iteration"/> (the number the call board shows) with
    /// <paramref name="strategy"/>, or replaying <paramref name="replay"/> when it is not empty. No call finishing
    /// within <paramref name="hang"/> makes the outcome a hang.</summary>
    public NativeScheduleOutcome Run(PreparedProgram program, int iteration, NativeStrategy strategy, ReadOnlySpan<byte> replay, TimeSpan hang)
    {
        int count = program.Threads.Count;
        var handles = new HandleTable(program.HighestHandle);
        var logs = program.Threads.Select(_ => new ObservationLog()).ToArray();
        var finished = new bool[count];
        var current = new int[count]; // the call each thread is in, for a deadlock's account
        var osThreads = new int[count]; // each thread's kernel id, to wait until it has exited
        long progress = 0;
        using var setupArena = new NativeArena();
        var setupLog = new ObservationLog();
        traceFile?.Clear();
        scheduler.TraceTo(traceFile?.Descriptor ?? -1);
        target.Fresh();
        board?.Clear(count);
        foreach (var call in program.Setup) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
        var arenas = program.Threads.Select(_ => new NativeArena()).ToArray();
        if (!scheduler.Begin(count, strategy, largestDecisions > 0 ? largestDecisions : InitialPctSteps, replay))
            throw new InvalidOperationException($"the scheduling runtime refused a run of {count} threads (a run still active, or a malformed trace)");

        void Work(int t)
        {
            // Arguments are prepared after entering: their allocations then happen under the token, in an order the
            // schedule decides, so a replay finds the same heap.
            scheduler.Enter(t);
            try
            {
                board?.Register(t, osThreads[t] = OsThread.CurrentId());
                var calls = program.Threads[t];
                var slots = calls.Select(c => new long[c.ArgumentCount]).ToArray();
                for (int i = 0; i < calls.Count; i++) calls[i].PrepareArguments(arenas[t], slots[i]);
                for (int i = 0; i < calls.Count; i++)
                {
                    scheduler.Point();
                    Volatile.Write(ref current[t], i);
                    long start = Stopwatch.GetTimestamp();
                    board?.Enter(t, iteration, i, calls[i].FunctionIndex, start);
                    long end = calls[i].Invoke(target.Dispatcher, slots[i], handles, logs[t], start);
                    board?.Exit(t, end);
                    Interlocked.Increment(ref progress);
                }
                board?.Finish(t);
                Volatile.Write(ref finished[t], true);
            }
            finally
            {
                scheduler.Exit(); // returns when the run is over: what the thread does next cannot interleave with it
            }
        }

        var threads = Enumerable.Range(0, count).Select(t => new Thread(() => Work(t)) { IsBackground = true, Name = $"program thread {t}" }).ToArray();
        foreach (var thread in threads) thread.Start();
        var ending = Task.Factory.StartNew(scheduler.End, TaskCreationOptions.LongRunning);
        long seen = -1;
        while (!ending.Wait(hang))
        {
            long now = Interlocked.Read(ref progress);
            if (now == seen)
                return new NativeScheduleOutcome(null, Enumerable.Range(0, count).Where(t => !Volatile.Read(ref finished[t])).ToArray(),
                    false, false, scheduler.Trace(), "", scheduler.Points, scheduler.Decisions);
            seen = now;
        }
        int result = ending.Result;
        largestDecisions = Math.Max(largestDecisions, scheduler.Decisions);
        byte[] trace = scheduler.Trace();
        string description = scheduler.Describe();
        if (result == NativeScheduler.Deadlock)
            // The blocked threads stay parked in the runtime, holding the library's real locks: never joined, and
            // their arenas stay allocated (they may still point into them).
            return new NativeScheduleOutcome(null, null, true, false, trace, description, scheduler.Points, scheduler.Decisions,
                Enumerable.Range(0, count).Where(t => !Volatile.Read(ref finished[t])).Select(t => new CallId(t, Volatile.Read(ref current[t]))).ToArray());
        foreach (var thread in threads) thread.Join();
        OsThread.WaitUntilGone(osThreads, OsThread.ExitWait);
        NativeHeap.Check();
        ConcurrentHistory history;
        try
        {
            foreach (var call in program.Teardown) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
            history = new ConcurrentHistory(program.Threads.Select((calls, t) => (IReadOnlyList<CallObservation>)calls.Select((call, i) =>
            {
                var (begin, end) = call.Interval(logs[t], i);
                return new CallObservation(new CallId(t, i), call.Name, begin, end, call.Render(logs[t], i));
            }).ToArray()).ToArray());
        }
        finally
        {
            foreach (var arena in arenas) arena.Dispose();
        }
        return new NativeScheduleOutcome(history, null, false, result == NativeScheduler.Diverged, trace, description,
            scheduler.Points, scheduler.Decisions);
    }
}
