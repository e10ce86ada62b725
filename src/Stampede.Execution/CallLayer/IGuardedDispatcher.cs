namespace Stampede.Execution.CallLayer;

/// <summary>
/// A dispatcher whose calls take a lock that must stay held until the caller has copied what the call returned (a
/// string in a static buffer, an out-value): a safe layer's (SafeBindings.g.cs). The engine holds <see cref="Enter"/>'s
/// lock around the call and the copy of its results, as a careful caller of such a function does; its
/// <see cref="INativeDispatcher.Invoke"/> takes the same lock (reentrantly) for callers that do not.
/// </summary>
public interface IGuardedDispatcher : INativeDispatcher
{
    /// <summary>Takes the lock function <paramref name="functionIndex"/> needs with these arguments (none for some);
    /// disposing the token releases it.</summary>
    LockToken Enter(int functionIndex, ReadOnlySpan<long> arguments);
}

/// <summary>
/// One lock taken by a safe layer: a monitor (exclusive), or a reader-writer lock's read or write side (a race group whose
/// readers may run together, glibc's <c>const</c>), or nothing. Reentrant on every kind, so the engine's hold and the
/// dispatcher's own nest.
/// </summary>
public readonly struct LockToken : IDisposable
{
    readonly object? monitor;
    readonly ReaderWriterLockSlim? shared;
    readonly bool write;

    LockToken(object? monitor, ReaderWriterLockSlim? shared, bool write) => (this.monitor, this.shared, this.write) = (monitor, shared, write);

    /// <summary>The lock held (for tests and diagnostics): the monitor's object or the reader-writer lock, null for none.</summary>
    public object? Lock => monitor ?? shared;

    /// <summary>Whether it holds the reader-writer lock's read side.</summary>
    public bool IsRead => shared is not null && !write;

    public static LockToken None => default;

    public static LockToken Exclusive(object monitor)
    {
        Monitor.Enter(monitor);
        return new LockToken(monitor, null, false);
    }

    public static LockToken Read(ReaderWriterLockSlim rw)
    {
        rw.EnterReadLock();
        return new LockToken(null, rw, false);
    }

    public static LockToken Write(ReaderWriterLockSlim rw)
    {
        rw.EnterWriteLock();
        return new LockToken(null, rw, true);
    }

    public void Dispose()
    {
        if (monitor is not null) Monitor.Exit(monitor);
        else if (shared is not null && write) shared.ExitWriteLock();
        else shared?.ExitReadLock();
    }
}
