namespace Stampede.Findings;

/// <summary>
/// One program thread's calls in program order, as they ran in the failing run. <see cref="InFlight"/> is the index
/// of the call the thread was inside when the run failed (it started and never returned, or it was the one that
/// crashed), or null when the thread was not inside a call.
/// </summary>
/// <param name="Thread">The thread's name as reports show it: <c>setup</c>, <c>t0</c>, <c>t1</c>…</param>
public sealed record ThreadTimeline(string Thread, IReadOnlyList<TimedCall> Calls, int? InFlight);
