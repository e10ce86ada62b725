namespace Stampede.Sanitizers;

/// <summary>
/// What symbolizers print for what they cannot name: <c>??</c>, alone, with its unknown place glued on (<c>??:0:0</c>)
/// or inside text mangled around it. No C or C++ function name, and no source file a signature would name, contains
/// <c>??</c>, so any name that does is unknown: a signature must never be made of it, or unrelated crashes merge.
/// </summary>
public static class UnknownSymbol
{
    public const string Text = "??";

    /// <summary>Whether <paramref name="name"/> (a function, a file or a location) is unknown.</summary>
    public static bool Is(string? name) => name is not null && name.Contains(Text, StringComparison.Ordinal);

    /// <summary><paramref name="name"/>, or null when it is unknown or empty.</summary>
    public static string? OrNull(string? name) => string.IsNullOrEmpty(name) || Is(name) ? null : name;
}
