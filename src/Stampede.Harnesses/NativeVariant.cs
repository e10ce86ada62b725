namespace Stampede.Harnesses;

/// <summary>Where the native build keeps another variant of a library it built: build/native/plain/lib/x.so →
/// build/native/&lt;variant&gt;/lib/x.so (the presets of CMakePresets.json).</summary>
public static class NativeVariant
{
    /// <summary>The <paramref name="build"/> of <paramref name="plainLibrary"/>, or null for a library the project
    /// did not build (a system library).</summary>
    /// <exception cref="HarnessException">The project built the library but not this variant.</exception>
    public static string? Of(string plainLibrary, BuildVariant build)
    {
        string variant = Preset(build);
        char slash = Path.DirectorySeparatorChar;
        string marker = $"{slash}{Preset(BuildVariant.Plain)}{slash}lib{slash}";
        int at = plainLibrary.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        string other = plainLibrary[..at] + $"{slash}{variant}{slash}lib{slash}" + plainLibrary[(at + marker.Length)..];
        return File.Exists(other)
            ? other
            : throw new HarnessException($"no {variant} build of {Path.GetFileName(plainLibrary)}: {other} is missing (run scripts/build-native {variant})");
    }

    /// <summary>The preset's name, which is also its directory under build/native and scripts/build-native's argument.</summary>
    public static string Preset(BuildVariant build) => build.ToString().ToLowerInvariant();
}
