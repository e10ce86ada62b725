using Stampede.Execution.Observations;

namespace Stampede.Execution.Running;

/// <summary>What one repetition of a program produced: a complete history, or a hang (some thread did not finish
/// in time; the process must be given up, since the hung threads cannot be stopped).</summary>
public abstract record RepetitionOutcome(int Repetition)
{
    /// <summary><see cref="Concurrency"/>: how much its calls ran at the same time.</summary>
    public sealed record Completed(int Repetition, ConcurrentHistory History, Concurrency Concurrency = default) : RepetitionOutcome(Repetition);

    /// <summary><see cref="Unfinished"/>: the threads still inside the program.</summary>
    public sealed record Hung(int Repetition, IReadOnlyList<int> Unfinished) : RepetitionOutcome(Repetition);
}
