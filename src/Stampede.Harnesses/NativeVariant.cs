namespace Stampede.Harnesses;

/// <summary>Where the native build keeps another variant of a library it built: build/native/plain/lib/x.so →
/// build/native/&lt;variant&gt;/lib/x.so (the presets of CMakePresets.json).</summary>
public static class NativeVariant
{
    /// <summary>The <paramref name="variant"/> build of <paramref name="plainLibrary"/>, or null for a library the project
    /// did not build (a system library).</summary>
    /// <exception cref="HarnessException">The project built the library but not this variant.</exception>
    public static string? Of(string plainLibrary, string variant, string what)
    {
        char slash = Path.DirectorySeparatorChar;
        string marker = $"{slash}plain{slash}lib{slash}";
        int at = plainLibrary.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        string other = plainLibrary[..at] + $"{slash}{variant}{slash}lib{slash}" + plainLibrary[(at + marker.Length)..];
        return File.Exists(other)
            ? other
            : throw new HarnessException($"no {what} of {Path.GetFileName(plainLibrary)}: {other} is missing (run scripts/build-native {variant})");
    }
}
