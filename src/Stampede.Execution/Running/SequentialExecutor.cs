using Stampede.Execution.Observations;

namespace Stampede.Execution.Running;

/// <summary>
/// Runs a program's calls one at a time, in a given order, from the library's initial state: setup and teardown on
/// the calling thread, and each call on the OS thread of its program thread, handed over in turn. Keeping each
/// program thread on its own OS thread keeps thread-local state (an errno-style slot) as it is in the concurrent
/// run; only the order differs. The reference for the oracles (a candidate linearization, or one thread's calls
/// alone) and for triage. Create one per program and dispose it: it owns one thread per program thread.
/// </summary>
public sealed class SequentialExecutor : IDisposable
{
    readonly NativeTarget target;
    readonly PreparedProgram program;
    readonly HandleTable handles;
    readonly NativeArena arena = new();
    readonly ObservationLog log = new();
    readonly Thread[] threads;
    readonly SemaphoreSlim[] turn;
    readonly SemaphoreSlim finished = new(0);
    PreparedCall? pending;
    volatile bool stopping;

    public SequentialExecutor(NativeTarget target, PreparedProgram program)
    {
        (this.target, this.program) = (target, program);
        handles = new HandleTable(program.HighestHandle);
        turn = program.Threads.Select(_ => new SemaphoreSlim(0)).ToArray();
        threads = Enumerable.Range(0, program.Threads.Count)
            .Select(t => new Thread(() => Serve(t)) { IsBackground = true, Name = $"stampede-seq-t{t}" }).ToArray();
        foreach (var t in threads) t.Start();
    }

    public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
    {
        target.Fresh();
        handles.Clear();
        log.Reset();
        try
        {
            foreach (var call in program.Setup) call.InvokeOnce(target.Dispatcher, arena, handles, log);
            var results = new string[order.Count];
            for (int i = 0; i < order.Count; i++)
            {
                var call = pending = program[order[i]];
                int entry = log.Count;
                turn[order[i].Thread].Release();
                finished.Wait();
                results[i] = call.Render(log, entry);
            }
            foreach (var call in program.Teardown) call.InvokeOnce(target.Dispatcher, arena, handles, log);
            return results;
        }
        finally { arena.Reset(); }
    }

    void Serve(int thread)
    {
        while (true)
        {
            turn[thread].Wait();
            if (stopping) return;
            pending!.InvokeOnce(target.Dispatcher, arena, handles, log);
            finished.Release();
        }
    }

    public void Dispose()
    {
        stopping = true;
        foreach (var t in turn) t.Release();
        foreach (var t in threads) t.Join();
        arena.Dispose();
    }
}
