namespace Stampede.Oracles.Process;

/// <summary>A thread's stack with the thread's name (as the OS knows it), innermost frame first.</summary>
public sealed record NamedStack(string Name, IReadOnlyList<CapturedFrame> Frames);
