using Stampede.Execution.Observations;

namespace Stampede.Execution.Systematic;

/// <summary>
/// One iteration under the scheduling runtime: its <see cref="History"/> when the threads and teardown finished; the
/// threads stuck when no call finished within the hang time (<see cref="Unfinished"/>: something the runtime does not
/// control blocked or spun; the process must be given up); or a <see cref="Deadlock"/> the runtime saw (every
/// unfinished thread blocked on a lock it models, found at once), whose <see cref="Description"/> says who waits for
/// what, where, held by whom; its threads stay parked for good, so the process must be given up too.
/// <see cref="Blocked"/>: the call each deadlocked thread was in. <see cref="Trace"/> is the runtime's trace of the run, which replays it (schedrt.h); <see cref="Diverged"/>: a
/// replayed trace did not fit the run (<see cref="Description"/> says where).
/// </summary>
public sealed record NativeScheduleOutcome(
    ConcurrentHistory? History, IReadOnlyList<int>? Unfinished, bool Deadlock, bool Diverged, byte[] Trace, string Description,
    ulong Points, ulong Decisions, IReadOnlyList<CallId>? Blocked = null)
{
    public bool Hung => Unfinished is not null;
}
