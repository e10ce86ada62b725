using System.Runtime.InteropServices;

namespace Stampede.Execution.Instances;

/// <summary>
/// The scheduling runtime of schedule builds (native/schedrt, <c>libstampede_schedrt.so</c>). A schedule build imports
/// the runtime's SanitizerCoverage hooks and <c>__wrap_</c> functions (locks, allocation) and does not link it, so the runtime
/// must be in the process's global scope before the library loads: libc's <c>dlopen</c> with
/// <c>RTLD_NOW | RTLD_GLOBAL</c>. .NET's <c>NativeLibrary.Load</c> is <c>RTLD_LOCAL</c>, which the library would not
/// see; and a schedule build loaded without the runtime does not fail to load, it kills the process from its
/// constructor (a symbol lookup error), so the need is read from the file first (<see cref="ElfImports"/>).
/// </summary>
public static partial class ScheduleRuntime
{
    public const string FileName = "libstampede_schedrt.so";

    const int RtldNow = 2, RtldGlobal = 0x100;

    static readonly object loading = new();
    static nint handle;

    /// <summary>The loaded runtime, or 0 when no schedule build was loaded in this process.</summary>
    public static nint Handle => handle;

    /// <summary>Whether <paramref name="library"/> is a schedule build: it imports one of the runtime's hooks or lock
    /// wrappers (what <c>stampede cflags --variant schedule</c> makes of a library).</summary>
    public static bool IsNeededBy(string library) =>
        ElfImports.Of(library).Any(name => name.StartsWith("__sanitizer_cov_load", StringComparison.Ordinal)
                                           || name.StartsWith("__sanitizer_cov_store", StringComparison.Ordinal)
                                           || name.StartsWith("__wrap_pthread_", StringComparison.Ordinal));

    /// <summary>Loads the runtime beside <paramref name="library"/> into the global scope, once per process. Beside the
    /// library is where scripts/build-native puts both; one place, so that which runtime a library runs with is never
    /// a guess.</summary>
    /// <exception cref="DllNotFoundException">The runtime is not there, or does not load; one line saying which and
    /// what to do.</exception>
    public static void LoadFor(string library)
    {
        lock (loading)
        {
            if (handle != 0) return;
            string runtime = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(library))!, FileName);
            if (!File.Exists(runtime))
                throw new DllNotFoundException($"{library} is a schedule build and needs the scheduling runtime {FileName} beside it, " +
                    $"which is missing: build it with scripts/build-native schedule (build/native/schedule/lib) and copy it there");
            nint loaded = DlOpen(runtime, RtldNow | RtldGlobal);
            if (loaded == 0)
                throw new DllNotFoundException($"the scheduling runtime {runtime} does not load: {Marshal.PtrToStringUTF8(DlError())}");
            handle = loaded;
        }
    }

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string file, int mode);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    private static partial nint DlError();
}
