namespace Stampede.Findings;

/// <summary>
/// One stack frame. <see cref="Location"/> is file:line or file:line:column where debug information gave one;
/// <see cref="Source"/> is the text of that source line, filled by the store when the file is readable so the
/// report still shows it after the sources move.
/// </summary>
/// <param name="Function">The function, or null when the symbol is unknown.</param>
/// <param name="Module">The file the code is in: libkvstore.so, or the assembly for managed frames.</param>
public sealed record Frame(string? Function, string? Location, string Module, string? Source = null);
