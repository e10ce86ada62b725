using Stampede.Execution.Observations;
using Stampede.Execution.Stress;
using Stampede.Execution.Worker;

namespace Stampede.Execution.Running;

/// <summary>
/// Runs a program's threads on real OS threads, released together by a spin barrier, repetition after repetition,
/// each from fresh library state (setup, threads, teardown). Threads are created once per program and wait
/// blocked between repetitions, so that the main thread's checking does not compete with spinning threads.
/// Every call is published on the call board first, so a crash still tells who was where.
/// </summary>
public sealed class StressExecutor(NativeTarget target, CallBoard? board = null)
{
    /// <summary>Runs up to <see cref="StressOptions.Repetitions"/> repetitions, handing each outcome to
    /// <paramref name="onRepetition"/>, which returns false to stop early. Stops after a hang.</summary>
    public void Run(PreparedProgram program, StressOptions options, Func<RepetitionOutcome, bool> onRepetition)
    {
        int threads = program.Threads.Count;
        using var run = new ProgramRun(program, target, board, options, threads);
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            var outcome = run.Repetition(rep);
            if (!onRepetition(outcome) || outcome is RepetitionOutcome.Hung) return;
        }
    }

    /// <summary>The threads and per-run state of one program.</summary>
    sealed class ProgramRun : IDisposable
    {
        readonly PreparedProgram program;
        readonly NativeTarget target;
        readonly CallBoard? board;
        readonly StressOptions options;
        readonly SemaphoreSlim go = new(0);
        readonly SpinBarrier start;
        readonly CountdownEvent done;
        readonly Thread[] workers;
        readonly CallObservation[][] observed;
        readonly NativeArena[] arenas;
        readonly NativeArena setupArena = new();
        readonly HandleTable handles;
        readonly Noise[] noise;
        readonly bool[] finished;
        volatile bool stopping;
        bool hung;
        int repetition;

        public ProgramRun(PreparedProgram program, NativeTarget target, CallBoard? board, StressOptions options, int threads)
        {
            (this.program, this.target, this.board, this.options) = (program, target, board, options);
            start = new SpinBarrier(threads + 1);
            done = new CountdownEvent(threads);
            handles = new HandleTable(program.HighestHandle);
            finished = new bool[threads];
            observed = program.Threads.Select(t => new CallObservation[t.Count]).ToArray();
            arenas = Enumerable.Range(0, threads).Select(_ => new NativeArena()).ToArray();
            noise = Enumerable.Range(0, threads)
                .Select(t => options.Noise > 0 ? new Noise(HashCode.Combine(options.Seed, t), options.Noise) : Noise.None).ToArray();
            workers = Enumerable.Range(0, threads).Select(t => new Thread(() => Work(t))
            {
                IsBackground = true, // a hung worker thread must not keep the process alive
                Name = $"stampede-t{t}",
            }).ToArray();
            foreach (var w in workers) w.Start();
        }

        public RepetitionOutcome Repetition(int rep)
        {
            repetition = rep;
            target.Fresh();
            handles.Clear();
            board?.Clear(workers.Length);
            foreach (var call in program.Setup) call.Invoke(target.Dispatcher, setupArena, handles, out _, out _);
            done.Reset();
            Array.Clear(finished);
            go.Release(workers.Length);
            start.SignalAndWait();
            if (!done.Wait(options.Hang))
            {
                hung = true;
                var unfinished = Enumerable.Range(0, workers.Length).Where(t => !Volatile.Read(ref finished[t])).ToArray();
                return new RepetitionOutcome.Hung(rep, unfinished);
            }
            foreach (var call in program.Teardown) call.Invoke(target.Dispatcher, setupArena, handles, out _, out _);
            var history = new ConcurrentHistory(observed.Select(o => (IReadOnlyList<CallObservation>)o.ToArray()).ToArray());
            setupArena.Reset();
            foreach (var arena in arenas) arena.Reset();
            foreach (var o in observed) Array.Clear(o);
            return new RepetitionOutcome.Completed(rep, history);
        }

        void Work(int thread)
        {
            board?.Register(thread);
            var calls = program.Threads[thread];
            while (true)
            {
                go.Wait();
                if (stopping) return;
                start.SignalAndWait();
                for (int i = 0; i < calls.Count; i++)
                {
                    noise[thread].Between();
                    var call = calls[i];
                    board?.Enter(thread, repetition, i, call.FunctionIndex, System.Diagnostics.Stopwatch.GetTimestamp());
                    string result = call.Invoke(target.Dispatcher, arenas[thread], handles, out long begin, out long end);
                    board?.Exit(thread);
                    Volatile.Write(ref observed[thread][i], new CallObservation(new CallId(thread, i), call.Name, begin, end, result));
                }
                board?.Finish(thread);
                Volatile.Write(ref finished[thread], true);
                done.Signal();
            }
        }

        public void Dispose()
        {
            stopping = true;
            go.Release(workers.Length);
            // Hung threads may still use their arguments: leave that memory alone, the process is given up anyway.
            if (hung) return;
            foreach (var w in workers) w.Join(TimeSpan.FromMilliseconds(100));
            setupArena.Dispose();
            foreach (var arena in arenas) arena.Dispose();
        }
    }
}
