namespace Stampede.Sanitizers;

/// <summary>
/// What a report's key needs of the library's API (<see cref="SanitizerKey"/>): its function names, and per function the
/// kinds of handle it takes (<c>kv_put</c> → <c>kv_store</c>), by which two sides that met on one object name their
/// state. Built from the API model by whoever has it; this project depends on nothing.
/// </summary>
public sealed class ApiShape(IReadOnlyDictionary<string, IReadOnlyList<string>> handlesTakenByFunction)
{
    /// <summary>Whether the API names <paramref name="function"/>.</summary>
    public bool Names(string function) => handlesTakenByFunction.ContainsKey(function);

    /// <summary>The kinds of handle <paramref name="function"/> takes as arguments; none for a function the API does not name.</summary>
    public IReadOnlyList<string> HandlesTaken(string function) => handlesTakenByFunction.GetValueOrDefault(function) ?? [];
}
