using Stampede.Harnesses;
using System.Diagnostics;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Observations;
using Stampede.Execution.Profiling;
using Stampede.Execution.Running;
using Stampede.Execution.Systematic;
using Stampede.Execution.Worker;
using Stampede.Model;
using Stampede.Model.Programs;
using Stampede.Oracles.Checking;
using Stampede.Oracles.Process;

namespace Stampede.Worker;

/// <summary>
/// The worker side: loads the harness once, then answers requests from the supervisor, one JSON line each way, until
/// its input ends. A crash kills it mid-request; that is the supervisor's business (it wrote the program to disk
/// first, and the call board says who was where).
/// </summary>
public sealed class WorkerLoop
{
    readonly Harness harness;
    readonly NativeTarget target;
    readonly CallBoard board;
    readonly TextWriter output;
    readonly TextWriter errors;
    readonly string boardPath;
    // Opened by the first request run under the scheduling runtime, kept for the worker's life.
    NativeTraceFile? nativeTrace;

    // Repetitions run and checked so far, across requests, plus the current checker's reference runs: what the
    // heartbeat reports, so that a long linearizability search does not look like a hang.
    long progress;
    volatile ProgramChecker? checking;

    WorkerLoop(Harness harness, NativeTarget target, CallBoard board, string boardPath, TextWriter output, TextWriter errors) =>
        (this.harness, this.target, this.board, this.boardPath, this.output, this.errors) = (harness, target, board, boardPath, output, errors);

    /// <summary>Runs a worker over <paramref name="input"/> and <paramref name="output"/> until the input ends: 0, or 2
    /// when the harness cannot be loaded (the hello line says why). <paramref name="errors"/> is the process's standard
    /// error, where the library and a sanitizer print too: each request's end is marked there.</summary>
    public static int Run(string harnessDirectory, string library, string boardPath, TextReader input, TextWriter output, TextWriter errors)
    {
        var clock = Stopwatch.StartNew();
        Harness harness;
        NativeTarget target;
        try
        {
            harness = Harness.Open(harnessDirectory, library);
            target = harness.Load();
            target.Fresh();
        }
        catch (HarnessException e)
        {
            Send(output, new WorkerHello(false, clock.Elapsed.TotalMilliseconds, false, e.Message));
            return 2;
        }
        using var board = CallBoard.Create(boardPath);
        Send(output, new WorkerHello(true, clock.Elapsed.TotalMilliseconds, target.ReloadsCleanly));
        new WorkerLoop(harness, target, board, boardPath, output, errors).Serve(input);
        return 0;
    }

    void Serve(TextReader input)
    {
        using var heartbeat = new Timer(_ => Send(output, new WorkerHeartbeat(Interlocked.Read(ref progress) + (checking?.ReferenceRuns ?? 0))),
            null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));

        while (input.ReadLine() is { } line)
        {
            var request = WorkerJson.Read<WorkerRequest>(line);
            board.Program = request.Sequence;
            var before = PhaseClock.Snapshot();
            var response = Handle(request);
            // Heap damage the program did fails now, while this is still its request: the crash is then blamed on it,
            // and its cause looked for in it (a hung program's threads may still be inside the allocator: not then).
            if (response.Outcome != WorkerOutcome.Hang)
                using (PhaseClock.Measure(WorkPhase.Finishing)) NativeHeap.Check();
            response = response with { Phases = PhaseClock.Since(before) };
            // Before the answer, so that the supervisor, once it has the answer, knows the mark is on its way.
            errors.WriteLine(WorkerJson.ProgramEndLine(request.Sequence));
            errors.Flush();
            Send(output, response);
            if (response.Outcome == WorkerOutcome.Hang) Thread.Sleep(Timeout.Infinite); // keep the hung threads for the debugger
        }
    }

    WorkerResponse Handle(WorkerRequest request)
    {
        if (!Enum.IsDefined(request.Schedule))
            return new WorkerResponse(request.Sequence, WorkerOutcome.Error, 0, 0, Error: $"unknown schedule '{request.Schedule}'");
        PreparedProgram program;
        try
        {
            using var measured = PhaseClock.Measure(WorkPhase.Preparing);
            var parsed = ConfinedPaths.Of(ProgramText.Parse(request.Program, harness.Model), harness.Model);
            // One caller making the same calls: the threads' calls one after the other, on one thread. Such a run is
            // linearizable by construction (its one order is the order it ran) and has no other thread to cross-talk
            // with; what it can show is a crash, a hang or a broken invariant.
            if (request.Schedule == Schedule.SingleThreaded) parsed = OneThread.Of(parsed);
            if (parsed.Hammer) parsed = HammerLoop.Of(parsed, harness.Model);
            program = new PreparedProgram(parsed, harness.Model);
        }
        catch (Exception e) when (e is ProgramTextException or ProgramValidationException or ArgumentException)
        {
            return new WorkerResponse(request.Sequence, WorkerOutcome.Error, 0, 0, Error: e.Message);
        }
        if (request.Schedule == Schedule.Systematic)
            return program.Program.Hammer
                ? new WorkerResponse(request.Sequence, WorkerOutcome.Error, 0, 0, Error: "a hammer program does not run under Coyote, which schedules calls one by one")
                : RunSystematic(request, program);
        // The lock stays attached for the checker's reference runs too; they run one call at a time anyway. The board
        // tells it when a program thread has copied its call's results, which a GIL would have covered as well.
        using var serialized = request.Schedule == Schedule.Serialized
            ? CallInterception.Attach(new GlobalLockInterceptor(board, program.Threads.Count))
            : null;
        return program.Program.Hammer ? RunHammer(request, program) : RunStress(request, program);
    }

    /// <summary>Repetitions on real threads, judged by <see cref="StressJudge"/>.</summary>
    WorkerResponse RunStress(WorkerRequest request, PreparedProgram program)
    {
        using var checker = new ProgramChecker(target, program, harness.Invariants, board: board);
        checking = checker;
        var options = new StressOptions(request.Repetitions, request.Noise, request.Seed, TimeSpan.FromSeconds(request.HangSeconds));
        var judge = new StressJudge(target, board) { AfterJudging = () => Interlocked.Increment(ref progress) };
        var run = judge.Run(program, checker, options, TimeSpan.FromSeconds(request.BudgetSeconds));
        checking = null;
        Interlocked.Add(ref progress, checker.ReferenceRuns);
        if (run.Unfinished is { } unfinished)
            return new WorkerResponse(request.Sequence, WorkerOutcome.Hang, run.Repetitions, run.Calls, Unfinished: unfinished);
        if (run.Verdict is (var f, var repetition))
            return new WorkerResponse(request.Sequence, WorkerOutcome.Failure, run.Repetitions, run.Calls,
                new ReportedFailure(f.Kind, f.Signature, f.Summary, repetition, Timeline(f.History)), Concurrency: run.Concurrency);
        return new WorkerResponse(request.Sequence, WorkerOutcome.Clean, run.Repetitions, run.Calls, Concurrency: run.Concurrency);
    }

    /// <summary>A hammer program (<see cref="HammerExecutor"/>) for the request's budget: clean, or a hang; a crash kills
    /// the worker.</summary>
    WorkerResponse RunHammer(WorkerRequest request, PreparedProgram program)
    {
        var run = new HammerExecutor(target, board).Run(program, TimeSpan.FromSeconds(request.BudgetSeconds),
            TimeSpan.FromSeconds(request.HangSeconds), () => Interlocked.Increment(ref progress));
        return run.Unfinished is { } unfinished
            ? new WorkerResponse(request.Sequence, WorkerOutcome.Hang, run.Rounds, run.Calls, Unfinished: unfinished)
            : new WorkerResponse(request.Sequence, WorkerOutcome.Clean, run.Rounds, run.Calls);
    }

    /// <summary>
    /// Iterations under Coyote, each its own test of one iteration, judged by the same oracles as stress repetitions
    /// (outside the test: see <see cref="SystematicExecutor"/>). A verdict ends the request with the iteration's schedule
    /// and trace. A requested stop ends it as <see cref="WorkerOutcome.Stopped"/>, with the schedule up to the stop;
    /// any other bug Coyote reports (a replayed trace that no longer matches the program) is a failure of kind
    /// <see cref="FindingKind.Coyote"/>.
    /// </summary>
    WorkerResponse RunSystematic(WorkerRequest request, PreparedProgram program)
    {
        if (request.Systematic is not { } systematic || !SystematicStrategy.Names.Contains(systematic.Strategy))
            return new WorkerResponse(request.Sequence, WorkerOutcome.Error, 0, 0,
                Error: $"a systematic request needs a strategy: {string.Join(", ", SystematicStrategy.Names)}");
        if (NativeScheduler.Current is { } scheduler) return RunNativeSchedule(request, systematic, program, scheduler);
        // Made after the first iteration, not before: its calibration runs the program once in program order, and a
        // crash there would come before any iteration, with no schedule to trace.
        ProgramChecker? checker = null;
        var executor = new SystematicExecutor(target, board);
        var stop = systematic.Stop is { } s
            ? new SystematicExecutor.Stop(s is { Thread: { } t, Position: { } p } ? new CallId(t, p) : null)
            : null;
        var hang = TimeSpan.FromSeconds(request.HangSeconds);
        var budget = Stopwatch.StartNew();
        int iterations = 0;
        long calls = 0;
        try
        {
            for (int i = systematic.FirstIteration; iterations < request.Repetitions; i++)
            {
                if (iterations > 0 && budget.Elapsed.TotalSeconds > request.BudgetSeconds) break;
                var schedule = SystematicStrategy.At(systematic.Strategy, request.Seed, i);
                var configuration = systematic.Trace is { } trace ? SystematicExecutor.Replaying(trace) : schedule.Configure();
                var outcome = executor.Run(program, i, configuration, hang, stop);
                iterations++;
                Interlocked.Increment(ref progress);
                if (outcome.Unfinished is { } unfinished)
                    return new WorkerResponse(request.Sequence, WorkerOutcome.Hang, iterations, calls, Unfinished: unfinished);
                calls += outcome.History?.CallCount ?? 0;
                if (outcome.Bug is { } bug)
                {
                    var recorded = new RecordedSchedule(schedule.Strategy, schedule.Seed, i, outcome.Trace ?? "");
                    if (stop is not null && bug.Contains(stop.Reason))
                        return new WorkerResponse(request.Sequence, WorkerOutcome.Stopped, iterations, calls, Schedule: recorded);
                    var coyote = new ReportedFailure(FindingKind.Coyote, FindingKind.Coyote.Name() + ":" + bug.Split('\n')[0], $"Coyote: {bug}", i, [], recorded);
                    return new WorkerResponse(request.Sequence, WorkerOutcome.Failure, iterations, calls, coyote);
                }
                if (outcome.History is not { } history) continue;
                checking = checker ??= new ProgramChecker(target, program, harness.Invariants, board: board);
                var verdict = checker.Check(history);
                checking = null;
                if (verdict is not { } f) continue;
                // A replayed trace is the schedule already; otherwise Coyote traces the iteration again.
                string? traced = systematic.Trace ?? executor.Trace(program, i, configuration, history, f.Signature, hang);
                var shown = traced is null ? null : new RecordedSchedule(schedule.Strategy, schedule.Seed, i, traced);
                return new WorkerResponse(request.Sequence, WorkerOutcome.Failure, iterations, calls,
                    new ReportedFailure(f.Kind, f.Signature, f.Summary, i, Timeline(history), shown));
            }
            return new WorkerResponse(request.Sequence, WorkerOutcome.Clean, iterations, calls);
        }
        finally
        {
            checking = null;
            checker?.Dispose();
        }
    }

    /// <summary>
    /// Iterations of a schedule build under the scheduling runtime (<see cref="NativeScheduleExecutor"/>): points inside
    /// the calls, the runtime's strategy for the request's (<see cref="NativeStrategy.At"/>), or every iteration
    /// replaying the request's trace. A verdict of the oracles ends the request with the iteration's trace; a deadlock
    /// the runtime saw is a hang finding signed as a hung worker's (the functions the blocked threads were in), with
    /// its trace and the runtime's account; a replay that did not fit the run is a failure naming where it diverged.
    /// A crash needs no stop to be traced: the runtime writes each iteration's trace beside the call board as it grows
    /// (<see cref="NativeTracePlace"/>), where the supervisor reads it after the worker died; a stop is refused.
    /// </summary>
    WorkerResponse RunNativeSchedule(WorkerRequest request, SystematicRequest systematic, PreparedProgram program, NativeScheduler scheduler)
    {
        if (systematic.Stop is not null)
            return new WorkerResponse(request.Sequence, WorkerOutcome.Error, 0, 0, Error: "a schedule build's crash is traced from the file its worker left, not by a stop");
        byte[] replay;
        try { replay = systematic.Trace is { } text ? NativeTrace.FromText(text) : []; }
        catch (FormatException e) { return new WorkerResponse(request.Sequence, WorkerOutcome.Error, 0, 0, Error: e.Message); }
        ProgramChecker? checker = null;
        nativeTrace ??= new NativeTraceFile(NativeTracePlace.Beside(boardPath));
        var executor = new NativeScheduleExecutor(target, scheduler, board, nativeTrace);
        var hang = TimeSpan.FromSeconds(request.HangSeconds);
        var budget = Stopwatch.StartNew();
        int iterations = 0;
        long calls = 0;
        try
        {
            for (int i = systematic.FirstIteration; iterations < request.Repetitions; i++)
            {
                if (iterations > 0 && budget.Elapsed.TotalSeconds > request.BudgetSeconds) break;
                var strategy = replay.Length > 0 ? new NativeStrategy(NativeStrategyKind.None, 0, 0) : NativeStrategy.At(systematic.Strategy, request.Seed, i);
                var outcome = executor.Run(program, i, strategy, replay, hang);
                iterations++;
                Interlocked.Increment(ref progress);
                if (outcome.Unfinished is { } unfinished)
                    return new WorkerResponse(request.Sequence, WorkerOutcome.Hang, iterations, calls, Unfinished: unfinished);
                var recorded = new RecordedSchedule(strategy.Name, unchecked((uint)strategy.Seed), i, NativeTrace.ToText(outcome.Trace));
                if (outcome.Blocked is { } blocked)
                {
                    // Judged as a hung worker is, with the runtime's account of who holds what: the same finding as a
                    // stress hang of the same cycle, and as ThreadSanitizer's report of the inversion.
                    var waits = DeadlockAccount.WaitsFor(outcome.Description);
                    var places = blocked.Select(c => c.Position >= 0
                        ? new ThreadPlace(c.Thread, ThreadActivity.InCall, c.Position, program.Threads[c.Thread][c.Position].Name, [])
                        : new ThreadPlace(c.Thread, ThreadActivity.BetweenCalls, c.Position, null, [])).Select(p =>
                        p with { WaitsFor = waits.TryGetValue(p.Thread, out int holder) ? holder : null }).ToArray();
                    var deadlock = HangOracle.Judge(new HangEvidence([.. places.Select(p => p.Thread)], places, []), []);
                    return new WorkerResponse(request.Sequence, WorkerOutcome.Failure, iterations, calls,
                        new ReportedFailure(FindingKind.Hang, deadlock.Identity,
                            $"deadlock under the scheduling runtime: {string.Join("; ", outcome.Description.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}",
                            i, [], recorded, deadlock.Key is null ? null : deadlock.Signature));
                }
                if (outcome.Diverged)
                    return new WorkerResponse(request.Sequence, WorkerOutcome.Failure, iterations, calls,
                        new ReportedFailure(FindingKind.Coyote, FindingKind.Coyote.Name() + ":schedule diverged", $"the replayed schedule diverged: {outcome.Description.Trim()}", i, [], recorded));
                if (outcome.History is not { } history) continue;
                calls += history.CallCount;
                checking = checker ??= new ProgramChecker(target, program, harness.Invariants, board: board);
                var verdict = checker.Check(history);
                checking = null;
                if (verdict is { } f)
                    return new WorkerResponse(request.Sequence, WorkerOutcome.Failure, iterations, calls,
                        new ReportedFailure(f.Kind, f.Signature, f.Summary, i, Timeline(history), recorded));
            }
            return new WorkerResponse(request.Sequence, WorkerOutcome.Clean, iterations, calls);
        }
        finally
        {
            checking = null;
            checker?.Dispose();
        }
    }

    static IReadOnlyList<ThreadCalls> Timeline(ConcurrentHistory history)
    {
        long origin = history.Calls.Select(c => c.Start).DefaultIfEmpty(0).Min();
        double Micros(long ticks) => Math.Round((ticks - origin) * 1e6 / Stopwatch.Frequency, 1);
        return history.Threads.Select((calls, t) => new ThreadCalls(t,
            calls.Select(c => new ReportedCall(c.Function, Micros(c.Start), Micros(c.End), c.Result)).ToArray())).ToArray();
    }

    static void Send<T>(TextWriter output, T message)
    {
        string line = WorkerJson.Prefix + WorkerJson.Write(message);
        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
