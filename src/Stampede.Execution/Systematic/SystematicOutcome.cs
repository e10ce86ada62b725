using Stampede.Execution.Observations;

namespace Stampede.Execution.Systematic;

/// <summary>
/// One systematic iteration: its <see cref="History"/> when the threads and teardown finished; the threads stuck in a
/// native call when it hung (<see cref="Unfinished"/>; the process must then be given up, as with the stress executor);
/// and when it ended in a bug, Coyote's report of it (<see cref="Bug"/>: the verdict the executor asserted, a requested
/// stop, or why a replay failed) with <see cref="Trace"/>, Coyote's reproducible trace of the schedule that led there.
/// <see cref="Steps"/>: the scheduling decisions Coyote made.
/// </summary>
public sealed record SystematicOutcome(
    ConcurrentHistory? History, IReadOnlyList<int>? Unfinished, string? Bug, string? Trace, int Steps)
{
    public bool Hung => Unfinished is not null;
}
