namespace Stampede.Sanitizers;

/// <summary>A stack a report names outside the accesses: where a block was freed or allocated, by which thread
/// (<c>T14</c>, <c>main thread</c>; null when not said).</summary>
public sealed record SanitizerStack(string? Thread, IReadOnlyList<SanitizerFrame> Frames);
