using System.Reflection;
using System.Runtime.InteropServices;

namespace Stampede.Execution.CallLayer;

/// <summary>
/// Loads the library generated bindings call: <see cref="OverrideVariable"/> if set (e.g. a sanitizer build), else a
/// path relative to the harness directory (a library built inside the repository, found wherever the harness is built
/// and run from), else the name through the runtime's usual probing (<c>z</c> finds libz.so).
/// </summary>
public static class NativeLibraryLocator
{
    public const string OverrideVariable = "STAMPEDE_NATIVE_LIBRARY";

    /// <summary>Set by the harness project (AssemblyMetadata) to its directory; absent for bindings compiled in memory.</summary>
    public const string HarnessDirectoryMetadata = "StampedeHarnessDirectory";

    /// <exception cref="DllNotFoundException">No candidate loads; the message names them.</exception>
    public static nint Load(Assembly bindings, string libraryName, string? pathRelativeToHarness)
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden)
            return NativeLibrary.Load(overridden);
        if (pathRelativeToHarness is not null)
        {
            var harnessDirectory = bindings.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == HarnessDirectoryMetadata)?.Value ?? AppContext.BaseDirectory;
            var path = Path.GetFullPath(Path.Combine(harnessDirectory, pathRelativeToHarness));
            if (NativeLibrary.TryLoad(path, out var byPath)) return byPath;
            throw new DllNotFoundException($"cannot load {path} (set {OverrideVariable} to the library file)");
        }
        if (NativeLibrary.TryLoad(libraryName, bindings, null, out var byName)) return byName;
        throw new DllNotFoundException($"cannot load library '{libraryName}' (set {OverrideVariable} to the library file)");
    }
}
