namespace Stampede.Campaigns.Supervision;

/// <summary>A hung worker's threads: what each program thread was in, with its native stack (gdb), taken before
/// the worker was killed.</summary>
public sealed record HangEvidence(IReadOnlyList<int> Unfinished, IReadOnlyList<ThreadPlace> Threads);
