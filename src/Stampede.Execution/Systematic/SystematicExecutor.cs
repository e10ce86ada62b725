using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;
using ControlledThread = Microsoft.Coyote.Rewriting.Types.Threading.Thread;

namespace Stampede.Execution.Systematic;

/// <summary>
/// Runs one iteration of a program under Coyote's testing engine: setup, then each program thread on a controlled
/// OS thread of its own, with a scheduling point before each native call and one right after it returns (through the
/// call layer: <see cref="SchedulingPoints"/>), then teardown. Coyote decides at every point which thread goes on, so
/// the iteration's calls are one interleaving of atomic calls, chosen by its <see cref="IterationSchedule"/> or
/// replayed from a trace.
///
/// Coyote writes a reproducible trace only for a bug it sees, so a verdict reached outside (the oracles judge the
/// history after the engine returned: their reference runs use threads of their own, which must not run inside a
/// controlled test) is traced by <see cref="Trace"/>: the same iteration again, asserting the verdict when it gives the
/// same results. Coyote's controlled threads are used directly, without rewriting the assembly: the only concurrency of
/// an iteration is these threads and the points the executor and the call layer place, so there is nothing else for a
/// rewriter to find, and the stress executor in the same assembly stays uncontrolled.
/// </summary>
public sealed class SystematicExecutor(NativeTarget target, CallBoard? board = null)
{
    /// <summary>Where <see cref="Run"/> asserts instead of running on: before a thread's call (the one a crash or hang
    /// was in, to trace the schedule that led to it without dying again), or once the threads are done (a crash in
    /// teardown).</summary>
    public sealed record Stop(CallId? BeforeCall)
    {
        public static Stop AfterThreads { get; } = new((CallId?)null);
        public string Reason => BeforeCall is { } c ? $"stopped before call {c.Position} of t{c.Thread}" : "stopped after the threads";
    }

    /// <summary>The configuration that replays <paramref name="trace"/>.</summary>
    public static Configuration Replaying(string trace) =>
        CoyoteSettings.Base().WithReproducibleTrace(trace);

    /// <summary>Runs iteration <paramref name="iteration"/> (the number the call board shows) under
    /// <paramref name="configuration"/>. A thread stuck in one native call for <paramref name="hang"/> makes the outcome
    /// a hang; the process must then be given up, as with the stress executor. <paramref name="assertAfter"/>, given a
    /// complete history, returns what to assert (a bug for Coyote) or null.</summary>
    public SystematicOutcome Run(
        PreparedProgram program, int iteration, Configuration configuration, TimeSpan hang, Stop? stop = null,
        Func<ConcurrentHistory, string?>? assertAfter = null)
    {
        var run = new IterationRun(program, target, board, iteration, assertAfter, stop);
        using var engine = TestingEngine.Create(configuration, run.Body);
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None)); // a worker's standard output is its message channel
        using (CallInterception.Attach(new SchedulingPoints()))
        {
            var running = Task.Factory.StartNew(engine.Run, TaskCreationOptions.LongRunning);
            long seen = -1;
            // A hang is a native call that does not return: no call finishes for a whole hang period.
            while (!running.Wait(hang))
            {
                long now = run.Progress;
                if (now == seen) return new SystematicOutcome(null, run.Unfinished(), null, null, 0);
                seen = now;
            }
            running.GetAwaiter().GetResult();
        }
        var report = engine.TestReport;
        string? bug = report.BugReports.FirstOrDefault() ?? report.InternalErrors.FirstOrDefault();
        return new SystematicOutcome(run.History, null, bug, bug is null ? null : engine.ReproducibleTrace,
            report.TotalExploredUnfairSteps + report.TotalExploredFairSteps);
    }

    /// <summary>
    /// Coyote's trace of iteration <paramref name="iteration"/>, whose <paramref name="history"/> the oracles judged
    /// <paramref name="verdict"/>: the iteration is run again under the same <paramref name="configuration"/> (its
    /// schedule is fixed by it) and asserts the verdict once its results are the same. Null when they are not (the
    /// library did something else in the same interleaving: state outside the program's control).
    /// </summary>
    public string? Trace(PreparedProgram program, int iteration, Configuration configuration, ConcurrentHistory history, string verdict, TimeSpan hang)
    {
        string results = Results(history);
        var again = Run(program, iteration, configuration, hang, assertAfter: h => Results(h) == results ? verdict : null);
        return again.Bug == verdict ? again.Trace : null;
    }

    static string Results(ConcurrentHistory history) => string.Join('\n', history.Calls.Select(c => c.Result));

    /// <summary>The state of one iteration; <see cref="Body"/> is Coyote's test.</summary>
    sealed class IterationRun(
        PreparedProgram program, NativeTarget target, CallBoard? board, int iteration, Func<ConcurrentHistory, string?>? assertAfter, Stop? stop)
    {
        readonly HandleTable handles = new(program.HighestHandle);
        readonly ObservationLog[] logs = program.Threads.Select(_ => new ObservationLog()).ToArray();
        readonly bool[] finished = new bool[program.Threads.Count];
        long progress;

        public long Progress => Interlocked.Read(ref progress);
        public ConcurrentHistory? History { get; private set; }

        public IReadOnlyList<int> Unfinished() =>
            Enumerable.Range(0, finished.Length).Where(t => !Volatile.Read(ref finished[t])).ToArray();

        public void Body()
        {
            using var setupArena = new NativeArena();
            var setupLog = new ObservationLog();
            target.Fresh();
            board?.Clear(program.Threads.Count);
            foreach (var call in program.Setup) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
            var arenas = program.Threads.Select(_ => new NativeArena()).ToArray();
            try
            {
                var threads = Enumerable.Range(0, program.Threads.Count)
                    .Select(t => ControlledThread.Create(() => Work(t, arenas[t]))).ToArray();
                foreach (var thread in threads) ControlledThread.Start(thread);
                foreach (var thread in threads) ControlledThread.Join(thread);
                if (stop is { BeforeCall: null }) Specification.Assert(false, stop.Reason);
                foreach (var call in program.Teardown) call.InvokeOnce(target.Dispatcher, setupArena, handles, setupLog);
                History = new ConcurrentHistory(Observations());
                if (assertAfter?.Invoke(History) is { } bug) Specification.Assert(false, bug);
            }
            finally
            {
                foreach (var arena in arenas) arena.Dispose();
            }
        }

        void Work(int thread, NativeArena arena)
        {
            SchedulingPoints.EnterProgramThread();
            board?.Register(thread, OsThread.CurrentId());
            var calls = program.Threads[thread];
            var log = logs[thread];
            var slots = calls.Select(c => new long[c.ArgumentCount]).ToArray();
            for (int i = 0; i < calls.Count; i++) calls[i].PrepareArguments(arena, slots[i]);
            for (int i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                SchedulingPoint.Interleave();
                if (stop?.BeforeCall == new CallId(thread, i)) Specification.Assert(false, stop.Reason);
                long start = Stopwatch.GetTimestamp();
                board?.Enter(thread, iteration, i, call.FunctionIndex, start);
                long end = call.Invoke(target.Dispatcher, slots[i], handles, log, start);
                board?.Exit(thread, end);
                Interlocked.Increment(ref progress);
            }
            board?.Finish(thread);
            Volatile.Write(ref finished[thread], true);
        }

        IReadOnlyList<IReadOnlyList<CallObservation>> Observations() =>
            program.Threads.Select((calls, t) => (IReadOnlyList<CallObservation>)calls.Select((call, i) =>
            {
                var (begin, end) = call.Interval(logs[t], i);
                return new CallObservation(new CallId(t, i), call.Name, begin, end, call.Render(logs[t], i));
            }).ToArray()).ToArray();
    }
}
