using System.Reflection;
using System.Runtime.InteropServices;

namespace Stampede.Execution.CallLayer;

/// <summary>
/// Lets a harness load its library from a path relative to the harness directory (a library built inside the
/// repository), wherever the harness is built and run from. Generated bindings register it from a module
/// initializer; a library given by plain name is left to the runtime's normal probing.
/// </summary>
public static class NativeLibraryLocator
{
    /// <summary>The environment variable that overrides the library file of every harness (e.g. a sanitizer build).</summary>
    public const string OverrideVariable = "STAMPEDE_NATIVE_LIBRARY";

    public static void Register(Assembly bindings, string libraryName, string? pathRelativeToHarness)
    {
        NativeLibrary.SetDllImportResolver(bindings, (name, assembly, searchPath) =>
        {
            if (name != libraryName) return 0;
            if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden)
                return NativeLibrary.Load(overridden);
            if (pathRelativeToHarness is null) return 0;
            var harnessDirectory = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "StampedeHarnessDirectory")?.Value ?? AppContext.BaseDirectory;
            var path = Path.GetFullPath(Path.Combine(harnessDirectory, pathRelativeToHarness));
            return NativeLibrary.TryLoad(path, out var handle) ? handle : 0;
        });
    }
}
