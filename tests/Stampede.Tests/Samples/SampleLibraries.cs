using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stampede.Tests.Samples;

/// <summary>
/// Resolves the sample libraries' short names ("textkit") to the plain build, so the hand-written
/// declarations in this folder load exactly what scripts/build-native produced.
/// </summary>
static class SampleLibraries
{
    public static readonly string[] Names = ["textkit", "kvstore", "objcache", "svcconf"];

    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(SampleLibraries).Assembly, Resolve);

    static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        Array.IndexOf(Names, name) >= 0 ? NativeLibrary.Load(RepoPaths.SampleLibrary(name)) : 0;
}
