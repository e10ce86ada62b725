namespace Stampede.Oracles.Process;

/// <summary>Where one program thread was when its worker died or hung: inside <see cref="Function"/> (call
/// <see cref="Position"/>), or between calls, or done (<see cref="State"/>); with its native stack when one was captured.
/// <see cref="Repetition"/>: the repetition (a systematic iteration) the board last showed it in; <see cref="Times"/>: when
/// each of its calls of that repetition ran, by position, as far as the board kept them.</summary>
public sealed record ThreadPlace(int Thread, ThreadActivity State, int Position, string? Function, IReadOnlyList<CapturedFrame> Stack, int Repetition = 0)
{
    public IReadOnlyList<CallTime?> Times { get; init; } = [];

    /// <summary>The program thread holding the lock this one was blocked on, when that could be read (gdb, or the
    /// scheduling runtime's account of a deadlock); null otherwise. What tells a deadlock's cycle from the threads that
    /// only queued behind it (<see cref="WaitCycle"/>).</summary>
    public int? WaitsFor { get; init; }

    /// <summary>Whether the board showed it in one of the oracles' sequential reference runs (one call at a time, after
    /// the concurrent repetition), not in the concurrent run itself.</summary>
    public bool InReferenceRun => Stampede.Execution.Running.SequentialExecutor.IsReferenceRun(Repetition);
}

/// <summary>When a call ran: Stopwatch timestamps of the worker's machine; <see cref="End"/> null while it was still in
/// the call.</summary>
public readonly record struct CallTime(long Start, long? End);
