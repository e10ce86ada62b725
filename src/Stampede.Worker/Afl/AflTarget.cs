using Stampede.Harnesses;
using System.Runtime.InteropServices;
using SharpFuzz;
using Trace = SharpFuzz.Common.Trace;
using Stampede.Execution.Coverage;
using Stampede.Execution.Running;
using Stampede.Model.Programs;
using Stampede.Oracles.Checking;

namespace Stampede.Worker.Afl;

/// <summary>
/// The program AFL++ runs: SharpFuzz's out-of-process fork server (a native crash kills only the child process,
/// which AFL++ records as a crash and SharpFuzz restarts), whose action decodes each input into a concurrent program
/// and runs it as the worker runs a stress request (<see cref="StressJudge"/>: the stress executor, the history
/// oracles, a hang). An oracle's verdict escapes as an exception, which AFL++ records as a crash; a hang keeps
/// the process waiting until AFL++'s own timeout records it as a hang.
///
/// SharpFuzz's map pointer (<see cref="Trace.SharedMem"/>) is process-wide, and the only instrumented managed code is
/// the decoder (Stampede.Model's programs): its edges are recorded while it decodes on this one thread, and the map
/// pointer is turned to a scratch buffer while the program's threads run, so whatever instrumented code they reach
/// cannot mix edges from several threads into the map. The native and interleaving signals are folded in after each
/// repetition, from this thread.
/// </summary>
public static unsafe class AflTarget
{
    public static void Run(AflTargetOptions options)
    {
        // Instrumented code writes through the map pointer from the first decoder type it touches, before the fork
        // server has attached AFL++'s map: until then (and in the fork server itself) it writes here.
        byte* scratch = (byte*)NativeMemory.AllocZeroed(AflMap.Size);
        Trace.SharedMem = scratch;
        var harness = Harness.Open(options.HarnessDirectory, options.Library);
        using var target = harness.Load();
        if (options.Feedback.HasFlag(FeedbackSignals.Native) && !NativeCounters.IsAvailable(target.Instance))
            throw new HarnessException($"{harness.LibraryPath} exports no coverage counters: native feedback needs the library's coverage build");
        var generator = options.Decoding.Generator(harness.Model);
        var functions = harness.Model.Functions.Select(f => f.Name).ToArray();
        long executions = 0;
        using var counter = options.CounterFile is { } path ? ExecutionCounter.Open(path) : null;
        Fuzzer.OutOfProcess.Run(input =>
        {
            counter?.Increment();
            using var bytes = new MemoryStream();
            input.CopyTo(bytes);
            byte* map = Trace.SharedMem;
            try { Execute(bytes.ToArray(), options, generator, functions, target, harness, map, scratch, executions++); }
            finally { Trace.SharedMem = map; }
        });
    }

    static void Execute(byte[] input, AflTargetOptions options, ProgramGenerator generator, string[] functions, NativeTarget target,
        Harness harness, byte* mapStart, byte* scratch, long execution)
    {
        Trace.PrevLocation = 0;
        if (!options.Feedback.HasFlag(FeedbackSignals.Managed)) Trace.SharedMem = scratch;
        var decoded = generator.Decode(input);
        Trace.SharedMem = scratch;
        var program = ConfinedPaths.Of(decoded, harness.Model);

        var prepared = new PreparedProgram(program, harness.Model);
        var native = options.Feedback.HasFlag(FeedbackSignals.Native) ? new NativeCounters() : null;
        var pairs = options.Feedback.HasFlag(FeedbackSignals.Interleaving) ? new InterleavingPairs(program, functions) : null;
        using var checker = new ProgramChecker(target, prepared, harness.Invariants);
        // A program that reached nothing of ours still ran: one fixed slot says so, or AFL++ would take the target for
        // uninstrumented when every signal is off but one that stays silent.
        mapStart[AflMap.Slot(0, 0)] = 1;
        var judge = new StressJudge(target)
        {
            BeforeJudging = done =>
            {
                // Before the checker's reference runs use the library again.
                native?.Collect(target.Instance);
                pairs?.Add(done.History);
                // After every repetition, not once at the end: a later repetition that kills the process (a native crash)
                // still leaves AFL++ the coverage seen so far, by which it tells this crash from the ones it has. Folding
                // keeps the highest class per slot, so folding again only adds.
                Fold(mapStart, native, pairs);
            },
            JudgesRepetitionPastBudget = true,
        };
        var run = judge.Run(prepared, checker, new StressOptions(options.Repetitions, options.Noise, (int)execution, options.Hang), options.Budget);

        if (run.Unfinished is not null) Thread.Sleep(Timeout.Infinite); // the program's threads are stuck: AFL++'s timeout records the hang
        if (run.Verdict is (var failure, _)) throw new OracleVerdictException(failure.Signature);
    }

    static void Fold(byte* mapStart, NativeCounters? native, InterleavingPairs? pairs)
    {
        var map = new Span<byte>(mapStart, AflMap.Size);
        native?.FoldInto(map);
        pairs?.FoldInto(map);
    }
}
