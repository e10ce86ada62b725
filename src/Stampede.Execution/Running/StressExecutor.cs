using Stampede.Model;
using System.Diagnostics;
using Stampede.Execution.Observations;
using Stampede.Execution.Profiling;
using Stampede.Execution.Stress;
using Stampede.Execution.Worker;

namespace Stampede.Execution.Running;

/// <summary>
/// Runs a program's threads on real OS threads, released together by a spin barrier, repetition after repetition,
/// each from fresh library state (setup, threads, teardown). Threads are created once per program and wait
/// blocked between repetitions, so that the main thread's checking does not compete with spinning threads.
/// Every call is published on the call board first, so a crash still tells who was where.
///
/// The calls themselves cost as little as recording them honestly allows: arguments are built before the threads
/// are released, and per call a thread fills in its handle arguments, reads the clock once after the call (a call's
/// interval starts where the thread's previous call ended, or after a noise delay) and copies what the call
/// returned or wrote into its preallocated <see cref="ObservationLog"/>. Text is rendered only when a repetition's
/// history is read.
/// </summary>
public sealed class StressExecutor(NativeTarget target, CallBoard? board = null)
{
    /// <summary>Runs up to <see cref="StressOptions.Repetitions"/> repetitions, handing each outcome to
    /// <paramref name="onRepetition"/>, which returns false to stop early. Stops after a hang. A completed
    /// repetition's history must be read (<see cref="ConcurrentHistory.Threads"/>) inside the callback.</summary>
    public void Run(PreparedProgram program, StressOptions options, Func<RepetitionOutcome, bool> onRepetition)
    {
        int threads = program.Threads.Count;
        ProgramRun run;
        using (PhaseClock.Measure(WorkPhase.Preparing)) run = new ProgramRun(program, target, board, options, threads);
        using var finishing = new Finishing(run);
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            var outcome = run.Repetition(rep);
            if (!onRepetition(outcome) || outcome is RepetitionOutcome.Hung) return;
        }
    }

    /// <summary>Disposes of a program's run, the wait for its threads' exit counted as finishing.</summary>
    readonly struct Finishing(ProgramRun run) : IDisposable
    {
        public void Dispose()
        {
            using var measured = PhaseClock.Measure(WorkPhase.Finishing);
            run.Dispose();
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
        // ThreadSanitizer's view of the hand-overs: setup to the program threads, and their calls back to teardown.
        readonly HandOver toThreads = new(), toMain = new();
        readonly Thread[] workers;
        readonly int[] osThreads; // each worker's kernel id, to wait until it has exited
        readonly ObservationLog[] logs;
        readonly long[][] slots; // per thread, every call's argument slots, call after call
        readonly int[][] firstSlot; // per thread and call, where its slots begin
        readonly NativeArena[] arenas;
        readonly NativeArena setupArena = new();
        readonly ObservationLog setupLog = new();
        readonly HandleTable handles;
        readonly Noise[] noise;
        readonly bool[] finished;
        readonly long[][] callCpu; // per thread and call, the CPU time the call took, on measured repetitions
        readonly int callCount;
        volatile bool stopping;
        bool hung;
        int repetition;

        public ProgramRun(PreparedProgram program, NativeTarget target, CallBoard? board, StressOptions options, int threads)
        {
            (this.program, this.target, this.board, this.options) = (program, target, board, options);
            // The program threads alone meet at the barrier: the main thread, spinning there too, would take a core
            // from them (two program threads on two cores must both be running when it opens).
            start = new SpinBarrier(threads);
            done = new CountdownEvent(threads);
            handles = new HandleTable(program.HighestHandle);
            finished = new bool[threads];
            callCpu = program.Threads.Select(calls => new long[calls.Count]).ToArray();
            logs = Enumerable.Range(0, threads).Select(_ => new ObservationLog()).ToArray();
            firstSlot = program.Threads.Select(calls =>
            {
                var first = new int[calls.Count + 1];
                for (int i = 0; i < calls.Count; i++) first[i + 1] = first[i] + calls[i].ArgumentCount;
                return first;
            }).ToArray();
            slots = firstSlot.Select(first => new long[first[^1]]).ToArray();
            callCount = program.Threads.Sum(t => t.Count);
            arenas = Enumerable.Range(0, threads).Select(_ => new NativeArena()).ToArray();
            noise = Enumerable.Range(0, threads)
                .Select(t => options.Noise > 0 ? new Noise(SeedMix.Of(options.Seed, t), options.Noise) : Noise.None).ToArray();
            osThreads = new int[threads];
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
            setupLog.Reset();
            board?.Clear(workers.Length);
            using (PhaseClock.Measure(WorkPhase.Setup))
                foreach (var call in program.Setup) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
            using (PhaseClock.Measure(WorkPhase.Threads))
            {
                done.Reset();
                Array.Clear(finished);
                toThreads.Release();
                go.Release(workers.Length);
                if (!Finished())
                {
                    hung = true;
                    var unfinished = Enumerable.Range(0, workers.Length).Where(t => !Volatile.Read(ref finished[t])).ToArray();
                    return new RepetitionOutcome.Hung(rep, unfinished);
                }
                toMain.Acquire();
            }
            using (PhaseClock.Measure(WorkPhase.Teardown))
            {
                foreach (var call in program.Teardown) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
                setupArena.Reset();
                foreach (var arena in arenas) arena.Reset();
            }
            return new RepetitionOutcome.Completed(rep, new ConcurrentHistory(callCount, () => Observations(rep)),
                Measured(rep) ? MeasuredConcurrency() : Concurrency.None);
        }

        /// <summary>Waits for the threads to finish the repetition: false at the hang limit, or sooner when they are
        /// deadlocked on each other's mutexes (<see cref="LockCycle"/>), which no wait would end. Blocks without
        /// spinning: a main thread spinning here would take a core from the program threads.</summary>
        bool Finished()
        {
            var waited = Stopwatch.StartNew();
            if (done.WaitHandle.WaitOne(options.Hang < LockCycle.ProbeAfter ? options.Hang : LockCycle.ProbeAfter)) return true;
            while (options.Hang - waited.Elapsed is var left && left > TimeSpan.Zero)
            {
                if (LockCycle.Confirmed(osThreads) is not null) return false;
                if (done.WaitHandle.WaitOne(left < LockCycle.ConfirmInterval ? left : LockCycle.ConfirmInterval)) return true;
            }
            return false;
        }

        /// <summary>Whether the calls of repetition <paramref name="rep"/> have their CPU time read (two clock reads
        /// each, a system call apiece): one repetition in <see cref="Concurrency.MeasuredOneIn"/>.</summary>
        static bool Measured(int rep) => rep % Concurrency.MeasuredOneIn == 0;

        Concurrency MeasuredConcurrency() => Concurrency.Of(program.Threads.Select((calls, t) =>
            calls.Select((call, i) => new Concurrency.TimedCall(call.Interval(logs[t], i), callCpu[t][i])).ToArray()).ToArray());

        /// <summary>The observations of repetition <paramref name="rep"/>, rendered from the threads' logs, which
        /// only hold them until the next repetition starts.</summary>
        IReadOnlyList<IReadOnlyList<CallObservation>> Observations(int rep)
        {
            if (rep != repetition)
                throw new InvalidOperationException($"the history of repetition {rep} was read after repetition {repetition} replaced it");
            return program.Threads.Select((calls, t) => (IReadOnlyList<CallObservation>)calls.Select((call, i) =>
            {
                var (begin, end) = call.Interval(logs[t], i);
                return new CallObservation(new CallId(t, i), call.Name, begin, end, call.Render(logs[t], i));
            }).ToArray()).ToArray();
        }

        void Work(int thread)
        {
            int osThread = osThreads[thread] = OsThread.CurrentId();
            OsThread.PinRoundRobin(thread);
            var calls = program.Threads[thread];
            var log = logs[thread];
            var mySlots = slots[thread];
            var first = firstSlot[thread];
            var dispatcher = target.Dispatcher;
            while (true)
            {
                go.Wait();
                if (stopping) return;
                board?.Register(thread, osThread);
                toThreads.Acquire();
                log.Reset();
                for (int i = 0; i < calls.Count; i++)
                    calls[i].PrepareArguments(arenas[thread], mySlots.AsSpan(first[i], first[i + 1] - first[i]));
                bool measured = Measured(repetition);
                var cpu = callCpu[thread];
                start.SignalAndWait();
                long last = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls.Count; i++)
                {
                    if (noise[thread].Between()) last = Stopwatch.GetTimestamp();
                    var call = calls[i];
                    board?.Enter(thread, repetition, i, call.FunctionIndex, last);
                    long cpuBefore = measured ? OsThread.CpuNanoseconds() : 0;
                    last = call.Invoke(dispatcher, mySlots.AsSpan(first[i], first[i + 1] - first[i]), handles, log, last);
                    if (measured) cpu[i] = OsThread.CpuNanoseconds() - cpuBefore;
                    board?.Exit(thread, last);
                }
                board?.Finish(thread);
                toMain.Release();
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
            // The threads' exit is the program's too: glibc frees each thread's allocator cache there, and notices what
            // the program damaged in it (OsThread.WaitUntilGone).
            OsThread.WaitUntilGone(osThreads, OsThread.ExitWait);
            setupArena.Dispose();
            toThreads.Dispose();
            toMain.Dispose();
            foreach (var arena in arenas) arena.Dispose();
        }
    }
}
