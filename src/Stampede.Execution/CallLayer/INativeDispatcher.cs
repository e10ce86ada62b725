namespace Stampede.Execution.CallLayer;

/// <summary>
/// Calls any bound function by its index in api.json with arguments as 64-bit slots, so the engine can run
/// programs built from api.json with no hand-written code. Generated once per harness (class <c>Dispatcher</c>);
/// calls go through the generated wrappers and so through <see cref="CallInterception"/>.
/// </summary>
public interface INativeDispatcher
{
    /// <summary>The library name the bindings load (as given to bindgen's --lib).</summary>
    string Library { get; }

    /// <summary>Function names by index, as in api.json.</summary>
    IReadOnlyList<string> FunctionNames { get; }

    /// <summary>Calls function <paramref name="functionIndex"/>; returns its result as a slot (0 for void).
    /// Throws <see cref="ArgumentException"/> for a wrong argument count and <see cref="NotSupportedException"/>
    /// for functions api.json marks not dispatchable.</summary>
    long Invoke(int functionIndex, ReadOnlySpan<long> arguments);
}
