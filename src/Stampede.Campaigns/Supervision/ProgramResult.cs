using Stampede.Execution.Profiling;
using Stampede.Oracles.Process;
using Stampede.Worker;

namespace Stampede.Campaigns.Supervision;

/// <summary>What became of one program sent to a worker.</summary>
public abstract record ProgramResult(long Sequence, int Repetitions, long Calls)
{
    /// <summary>The reports a sanitizer that <see cref="Sanitizer.ContinuesAfterReport"/> printed while the program ran,
    /// the worker going on (a death's own reports are in its <see cref="CrashEvidence"/>).</summary>
    public IReadOnlyList<Stampede.Sanitizers.SanitizerReport> PrintedReports { get; init; } = [];

    /// <summary>Where the worker's time went while it ran the program, in milliseconds per phase (empty when it died).</summary>
    public IReadOnlyDictionary<WorkPhase, PhaseTime> Phases { get; init; } =
        new Dictionary<WorkPhase, PhaseTime>();

    /// <summary>How much the program's stress repetitions' calls ran at the same time (none for other runs, or a death).</summary>
    public Stampede.Execution.Running.Concurrency Concurrency { get; init; }

    /// <summary>When the worker's fate was known (its answer, its death, its silence), in <see cref="System.Diagnostics.Stopwatch"/>
    /// ticks: before its stacks were taken or its crash report read, which a finding's time to detect does not include.</summary>
    public long EndedAt { get; init; }

    public sealed record Clean(long Sequence, int Repetitions, long Calls) : ProgramResult(Sequence, Repetitions, Calls);

    /// <summary>A result oracle failed in the worker.</summary>
    public sealed record OracleFailed(long Sequence, int Repetitions, long Calls, ReportedFailure Failure)
        : ProgramResult(Sequence, Repetitions, Calls);

    /// <summary>A systematic iteration stopped where the request asked (<see cref="SystematicRequest.Stop"/>);
    /// <see cref="Schedule"/> leads there.</summary>
    public sealed record Stopped(long Sequence, int Repetitions, long Calls, RecordedSchedule Schedule)
        : ProgramResult(Sequence, Repetitions, Calls);

    /// <summary>The worker died: what it left is the <see cref="Evidence"/>.</summary>
    public sealed record Crashed(long Sequence, CrashEvidence Evidence) : ProgramResult(Sequence, 0, 0);

    /// <summary>Threads did not finish (deadlock or livelock); their stacks were taken before the worker was killed.</summary>
    public sealed record Hung(long Sequence, HangEvidence Evidence) : ProgramResult(Sequence, 0, 0);

    /// <summary>The worker's resident memory grew past its limit while the program ran; it was killed at once.</summary>
    public sealed record OutOfMemory(long Sequence, MemoryEvidence Evidence) : ProgramResult(Sequence, 0, 0);

    /// <summary>The worker refused the program (it does not parse or validate against the harness).</summary>
    public sealed record Rejected(long Sequence, string Error) : ProgramResult(Sequence, 0, 0);
}
