namespace Stampede.Execution.CallLayer;

/// <summary>
/// Calls any bound function by its index in api.json with arguments as 64-bit slots, so the engine can run
/// programs built from api.json with no hand-written code. Generated once per harness (class <c>Dispatcher</c>);
/// calls go through the generated wrappers and so through <see cref="CallInterception"/>.
/// </summary>
public interface INativeDispatcher
{
    /// <summary>The library name the bindings load (as given to bindgen's --lib; a file name for a path).</summary>
    string Library { get; }

    /// <summary>Where the library file is, relative to the harness directory, when bindgen was given a path;
    /// null when the library is found by name.</summary>
    string? LibraryPathRelativeToHarness { get; }

    /// <summary>Function names by index, as in api.json.</summary>
    IReadOnlyList<string> FunctionNames { get; }

    /// <summary>Calls function <paramref name="functionIndex"/>; returns its result as a slot (0 for void).
    /// Throws <see cref="ArgumentException"/> for a wrong argument count, <see cref="NotSupportedException"/>
    /// for functions api.json marks not dispatchable, <see cref="EntryPointNotFoundException"/> for a function
    /// the bound library does not export.</summary>
    long Invoke(int functionIndex, ReadOnlySpan<long> arguments);

    /// <summary>Points every function at the addresses <paramref name="export"/> gives by name (0: not exported),
    /// e.g. of a freshly reloaded instance of the library. Until called, the bindings bind themselves on first use
    /// to the library found by <see cref="NativeLibraryLocator"/>. Not safe while calls are in flight.</summary>
    void Bind(Func<string, nint> export);
}
