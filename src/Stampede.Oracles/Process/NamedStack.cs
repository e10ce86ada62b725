namespace Stampede.Oracles.Process;

/// <summary>A thread's stack with the thread's name (as the OS knows it), innermost frame first; and, for a thread
/// blocked acquiring a mutex, the OS thread id of the mutex's owner when it could be read (<see cref="LockOwner"/>).</summary>
public sealed record NamedStack(string Name, IReadOnlyList<CapturedFrame> Frames)
{
    /// <summary>The OS thread (LWP) that holds the mutex this thread waits for, or null: not waiting for one, or not known.</summary>
    public int? LockOwner { get; init; }
}
