namespace Stampede.Execution.CallLayer;

/// <summary>
/// A dispatcher whose calls take a lock that must stay held until the caller has copied what the call returned (a
/// string in a static buffer, an out-value): a safe layer's (SafeBindings.g.cs). The engine holds
/// <see cref="Guard"/>'s lock around the call and the copy of its results, as a careful caller of such a function
/// does; its <see cref="INativeDispatcher.Invoke"/> takes the same lock (reentrantly) for callers that do not.
/// </summary>
public interface IGuardedDispatcher : INativeDispatcher
{
    /// <summary>The lock function <paramref name="functionIndex"/> takes with these arguments, or null for none.</summary>
    object? Guard(int functionIndex, ReadOnlySpan<long> arguments);
}
