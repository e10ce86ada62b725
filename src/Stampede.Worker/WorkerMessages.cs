using Stampede.Execution.Profiling;
using Stampede.Execution.Running;
using Stampede.Model;

namespace Stampede.Worker;

/// <summary>A program for a worker to run: its text, how many repetitions, the noise and seed, how long one
/// repetition may take before it counts as hung, how long the whole request may take (repetitions stop there,
/// so a campaign keeps its deadline even when checking is slow), and the <see cref="Worker.Schedule"/>.
/// Under <see cref="Schedule.Systematic"/>, <see cref="Repetitions"/> counts iterations and <see cref="Systematic"/>
/// says how they are scheduled. Make one with <see cref="ForStress"/> or <see cref="ForSystematic"/>, which keep
/// those fields consistent; the record's fields are the JSON the worker reads.</summary>
public sealed record WorkerRequest(
    long Sequence, string Program, int Repetitions, double Noise, int Seed, double HangSeconds, double BudgetSeconds = 30,
    Schedule Schedule = Schedule.Stress, SystematicRequest? Systematic = null)
{
    /// <summary>Repetitions of <paramref name="program"/> on real threads, under <paramref name="schedule"/>: stress,
    /// serialized or single-threaded.</summary>
    public static WorkerRequest ForStress(
        long sequence, string program, int repetitions, double noise, int seed, double hangSeconds, double budgetSeconds,
        Schedule schedule = Schedule.Stress) =>
        schedule is Schedule.Systematic
            ? throw new ArgumentException($"a {schedule} request has its own factory", nameof(schedule))
            : new(sequence, program, repetitions, noise, seed, hangSeconds, budgetSeconds, schedule);

    /// <summary>A program marked <see cref="Model.Programs.ConcurrentProgram.Hammer"/>, hammered for
    /// <paramref name="seconds"/> (the request's budget) under <paramref name="schedule"/> (stress, serialized or
    /// single-threaded): crashes and hangs only.</summary>
    public static WorkerRequest ForHammer(long sequence, string program, double seconds, double hangSeconds, Schedule schedule = Schedule.Stress) =>
        ForStress(sequence, program, 1, 0, 0, hangSeconds, seconds, schedule);

    /// <summary>Up to <paramref name="iterations"/> iterations of <paramref name="program"/> under Coyote, scheduled as
    /// <paramref name="systematic"/> says. Systematic runs have no noise: Coyote chooses the interleaving.</summary>
    public static WorkerRequest ForSystematic(
        long sequence, string program, int iterations, int seed, double hangSeconds, double budgetSeconds, SystematicRequest systematic) =>
        new(sequence, program, iterations, 0, seed, hangSeconds, budgetSeconds, Schedule.Systematic, systematic);
}

/// <summary>
/// How a systematic request's iterations are scheduled: by <see cref="Strategy"/> (iteration i runs the schedule
/// <c>SystematicStrategy.At(Strategy, Seed, i)</c>, from <see cref="FirstIteration"/> on), or every one by replaying
/// <see cref="Trace"/>. <see cref="Stop"/> makes the iteration end in a bug just before a call (or after the threads)
/// instead of running on: how the schedule that led to a crash or hang is traced without dying again.
/// </summary>
public sealed record SystematicRequest(string Strategy, int FirstIteration = 0, string? Trace = null, StopRequest? Stop = null);

/// <summary>Stop before call <see cref="Position"/> of thread <see cref="Thread"/>, or after the threads when null.</summary>
public sealed record StopRequest(int? Thread, int? Position);

/// <summary>The schedule of a systematic iteration that ended in a bug: the concrete strategy and seed that chose it,
/// the iteration's number, and Coyote's reproducible trace, which replays it.</summary>
public sealed record RecordedSchedule(string Strategy, uint Seed, int Iteration, string Trace);

/// <summary>A line a busy worker writes: a <see cref="WorkerHeartbeat"/>, then its <see cref="WorkerResponse"/>
/// (<see cref="WorkerJson.ReadReply"/> tells them apart).</summary>
public abstract record WorkerReply;

/// <summary>
/// A worker's answer: how the request ended (<see cref="Outcome"/>), how many repetitions (iterations) it ran and how
/// many calls they made; with the <see cref="Failure"/>, the <see cref="Unfinished"/> threads of a hang, the
/// <see cref="Error"/>, or the <see cref="Schedule"/> of a stopped systematic iteration, as the outcome says.
/// <see cref="Phases"/>: the time the request spent per <see cref="WorkPhase"/>; <see cref="Concurrency"/>: how much its
/// stress repetitions' calls ran at the same time.
/// </summary>
public sealed record WorkerResponse(
    long Sequence, WorkerOutcome Outcome, int Repetitions, long Calls,
    ReportedFailure? Failure = null, IReadOnlyList<int>? Unfinished = null, string? Error = null, RecordedSchedule? Schedule = null,
    IReadOnlyDictionary<WorkPhase, PhaseTime>? Phases = null, Concurrency? Concurrency = null)
    : WorkerReply;

/// <summary>An oracle's failure as the worker reports it; under the systematic schedule, with the
/// <see cref="Schedule"/> that shows it. <see cref="Variant"/>: the place it failed at when <see cref="Signature"/> is
/// a root-cause key instead (a deadlock the scheduling runtime saw, keyed by its cycle).</summary>
public sealed record ReportedFailure(
    FindingKind Kind, string Signature, string Summary, int Repetition, IReadOnlyList<ThreadCalls> Timeline, RecordedSchedule? Schedule = null,
    string? Variant = null);

/// <summary>One program thread's calls in a failing repetition, timed in microseconds from the repetition's first call.</summary>
public sealed record ThreadCalls(int Thread, IReadOnlyList<ReportedCall> Calls);

/// <summary>One call of a failing repetition as the worker reports it: its function, when it started and ended
/// (microseconds from the repetition's first call) and its result's text.</summary>
public sealed record ReportedCall(string Function, double StartMicros, double? EndMicros, string Result);

/// <summary>Sent by a busy worker every half second: how much work it has finished so far. Progress that stops
/// moving means the worker is stuck, even when its threads look alive.</summary>
public sealed record WorkerHeartbeat(long Progress) : WorkerReply;

/// <summary>The first line a worker writes: ready (with how long it took), or why it cannot start.</summary>
public sealed record WorkerHello(bool Ready, double StartupMilliseconds, bool ReloadsCleanly, string? Error = null);
