namespace Stampede.Oracles.Process;

/// <summary>A worker killed for its memory: the resident set it had reached (<see cref="ResidentMb"/>, from
/// /proc/PID/status) over its limit (<see cref="LimitMb"/>), and what every program thread was in at that moment (from
/// the call board).</summary>
public sealed record MemoryEvidence(long ResidentMb, int LimitMb, IReadOnlyList<ThreadPlace> Threads);
