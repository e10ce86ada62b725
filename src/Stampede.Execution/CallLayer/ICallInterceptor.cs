namespace Stampede.Execution.CallLayer;

/// <summary>
/// Observes every native call made through generated bindings, on the calling thread, right around the call:
/// to record it, time it, copy out a returned buffer before another call overwrites it, take a lock (emulated
/// global lock, per-handle locks) or yield to a scheduler. Implementations must be thread-safe.
/// </summary>
public interface ICallInterceptor
{
    /// <summary>Before the call. <paramref name="arguments"/> are the arguments as 64-bit slots (see AbiKind).</summary>
    void Enter(int functionIndex, ReadOnlySpan<long> arguments);

    /// <summary>After the call returned (also when it threw, e.g. a missing entry point, then with result 0).
    /// <paramref name="result"/> is the return value as a 64-bit slot, 0 for void.</summary>
    void Exit(int functionIndex, long result);
}
