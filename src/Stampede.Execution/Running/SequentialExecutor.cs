using System.Diagnostics;
using Stampede.Execution.Observations;
using Stampede.Execution.Profiling;
using Stampede.Execution.Worker;

namespace Stampede.Execution.Running;

/// <summary>
/// Runs a program's calls one at a time, in a given order, from the library's initial state: setup and teardown on
/// the calling thread, and each call on the OS thread of its program thread, handed over in turn. Keeping each
/// program thread on its own OS thread keeps thread-local state (an errno-style slot) as it is in the concurrent
/// run; only the order differs. The reference for the oracles (a candidate linearization, or one thread's calls
/// alone) and for triage. Create one per program and dispose it: it owns one thread per program thread. Calls are
/// announced on the call board, when given, as the stress executor's are: a reference run can crash too.
/// </summary>
public sealed class SequentialExecutor : IDisposable
{
    readonly NativeTarget target;
    readonly PreparedProgram program;
    readonly HandleTable handles;
    readonly NativeArena arena = new();
    readonly ObservationLog log = new();
    readonly Thread[] threads;
    readonly int[] osThreads; // each thread's kernel id, to wait until it has exited
    readonly SemaphoreSlim[] turn;
    readonly SemaphoreSlim finished = new(0);
    // ThreadSanitizer's view of each call handed to a program thread and back (the semaphores are invisible to it).
    readonly HandOver toThread = new(), toMain = new();
    readonly CallBoard? board;
    CallId pending;
    int run = ReferenceRun;
    volatile bool stopping;

    public SequentialExecutor(NativeTarget target, PreparedProgram program, CallBoard? board = null)
    {
        (this.target, this.program, this.board) = (target, program, board);
        handles = new HandleTable(program.HighestHandle);
        turn = program.Threads.Select(_ => new SemaphoreSlim(0)).ToArray();
        osThreads = new int[program.Threads.Count];
        threads = Enumerable.Range(0, program.Threads.Count)
            .Select(t => new Thread(() => Serve(t)) { IsBackground = true, Name = $"stampede-seq-t{t}" }).ToArray();
        foreach (var t in threads) t.Start();
    }

    /// <summary>False once a reload left the library mapped: runs then start from the state earlier runs left, not
    /// from its initial state (<see cref="NativeTarget.ReloadsCleanly"/>).</summary>
    public bool ResetsState => target.ReloadsCleanly;

    public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
    {
        using var measured = PhaseClock.Measure(WorkPhase.ReferenceRuns);
        target.Fresh();
        run = NextRunNumber();
        handles.Clear();
        log.Reset();
        try
        {
            foreach (var call in program.Setup) call.InvokeOnce(target.Dispatcher, arena, handles, log);
            var results = new string[order.Count];
            for (int i = 0; i < order.Count; i++)
            {
                var call = program[pending = order[i]];
                int entry = log.Count;
                toThread.Release();
                turn[order[i].Thread].Release();
                finished.Wait();
                toMain.Acquire();
                results[i] = call.Render(log, entry);
            }
            foreach (var call in program.Teardown) call.InvokeOnce(target.Dispatcher, arena, handles, log);
            return results;
        }
        finally { arena.Reset(); }
    }

    void Serve(int thread)
    {
        int osThread = osThreads[thread] = OsThread.CurrentId();
        while (true)
        {
            turn[thread].Wait();
            if (stopping) return;
            toThread.Acquire();
            var call = program[pending];
            board?.Register(thread, osThread);
            board?.Enter(thread, run, pending.Position, call.FunctionIndex, Stopwatch.GetTimestamp());
            call.InvokeOnce(target.Dispatcher, arena, handles, log);
            board?.Exit(thread, Stopwatch.GetTimestamp());
            toMain.Release();
            finished.Release();
        }
    }

    /// <summary>The repetition number the call board shows for a call of the first reference run of a worker; each
    /// later run counts down from it, so that the calls a crashed reference run made are told from an earlier run's
    /// (the board keeps every thread's last call times, tagged with the run).</summary>
    public const int ReferenceRun = -1;

    static int lastRun;

    // Past int.MinValue (billions of runs in one worker) the count wraps; runs are then numbered -1 until it is negative again.
    static int NextRunNumber() => Interlocked.Decrement(ref lastRun) is var n && n < 0 ? n : ReferenceRun;

    /// <summary>Whether the call board's repetition number is that of a reference run (one call at a time, in an order
    /// the oracles chose), not of a concurrent repetition.</summary>
    public static bool IsReferenceRun(int repetition) => repetition < 0;

    public void Dispose()
    {
        stopping = true;
        foreach (var t in turn) t.Release();
        foreach (var t in threads) t.Join();
        // As the stress executor's threads: their exit, where glibc frees their allocator caches, belongs to this program.
        OsThread.WaitUntilGone(osThreads, OsThread.ExitWait);
        arena.Dispose();
        toThread.Dispose();
        toMain.Dispose();
    }
}
