namespace Stampede.Oracles.Process;

/// <summary>A hung worker's threads: what each program thread was in, with its native stack (gdb), taken before
/// the worker was killed; and the stacks of its other threads that were inside the library or the allocator
/// (the main thread in teardown, a reference run), which matter when the program threads had all finished.</summary>
public sealed record HangEvidence(IReadOnlyList<int> Unfinished, IReadOnlyList<ThreadPlace> Threads, IReadOnlyList<NamedStack> Others);
