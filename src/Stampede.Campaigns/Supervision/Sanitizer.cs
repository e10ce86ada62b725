using Stampede.Harnesses;
using System.Diagnostics;
using Stampede.Oracles.Process;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// A sanitizer workers run under: ThreadSanitizer or AddressSanitizer. The library must be the matching build (the
/// <see cref="Variant"/> preset of the native build, beside the plain one), and the worker process gets clang-19's
/// runtime preloaded, since the .NET host is not instrumented itself. Options make the first report end the worker
/// with <see cref="ExitCode"/>, so each report becomes one finding and the worker is replaced; the suppressions that
/// silence the .NET runtime's own noise ship with the tool.
/// </summary>
public sealed record Sanitizer(string Name, BuildVariant Variant, string RuntimeFile, string OptionsVariable, string Options, string SuppressionsFile)
{
    /// <summary>The exit code a worker ends with after a sanitizer report (a death by signal is a crash).</summary>
    public const int ExitCode = SanitizerOracle.ExitCode;

    public static Sanitizer Thread { get; } = new("thread", BuildVariant.Thread, "libclang_rt.tsan-x86_64.so", "TSAN_OPTIONS",
        // The frame format adds each frame's address (%p), by which JIT-compiled frames are named from the perf map.
        $"halt_on_error=1:exitcode={ExitCode}:detect_deadlocks=1:second_deadlock_stack=1:report_signal_unsafe=0:history_size=4:" +
        "stack_trace_format='    #%n %p %f %S %M'", "tsan.supp");

    public static Sanitizer Address { get; } = new("address", BuildVariant.Address, "libclang_rt.asan-x86_64.so", "ASAN_OPTIONS",
        $"halt_on_error=1:exitcode={ExitCode}:detect_leaks=0:abort_on_error=0", "asan.supp");

    /// <summary>What <c>--sanitizer</c> accepts: <c>none</c>, then each sanitizer's name.</summary>
    public const string None = "none";

    public static IReadOnlyList<Sanitizer> All { get; } = [Thread, Address];

    /// <summary>null for <c>none</c>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static Sanitizer? Named(string name) => name == None
        ? null
        : All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown sanitizer '{name}': {None}, {string.Join(", ", All.Select(s => s.Name))}");

    /// <summary>The instrumented build of <paramref name="plainLibrary"/>: the same file under this sanitizer's variant
    /// directory of the native build (build/native/plain/lib → build/native/thread/lib), or null for a library the
    /// project did not build (a system library, which the sanitizer cannot see inside).</summary>
    /// <exception cref="HarnessException">The project built the library but not this variant.</exception>
    public string? InstrumentedLibrary(string plainLibrary) => NativeVariant.Of(plainLibrary, Variant);

    /// <summary>clang-19's runtime for this sanitizer.</summary>
    /// <exception cref="HarnessException">clang-19 or its sanitizer runtimes are not installed.</exception>
    public string Runtime()
    {
        string? path = null;
        try
        {
            using var clang = Process.Start(new ProcessStartInfo("clang-19", ["-print-file-name=" + RuntimeFile]) { RedirectStandardOutput = true })!;
            path = clang.StandardOutput.ReadToEnd().Trim();
            clang.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception) { }
        return path is not null && Path.IsPathRooted(path) && File.Exists(path)
            ? path
            : throw new HarnessException($"the {Name} sanitizer runtime {RuntimeFile} is not installed (scripts/setup installs clang-19 and libclang-rt-19-dev)");
    }

    /// <summary><paramref name="launch"/> with this sanitizer's runtime and options in the worker's environment.</summary>
    public WorkerLaunch Launch(WorkerLaunch launch, string suppressionsDirectory) =>
        launch with { Environment = WorkerEnvironment(suppressionsDirectory) };

    /// <summary>What a worker's environment needs: the runtime preloaded, the options with the suppressions file in
    /// <paramref name="suppressionsDirectory"/> and the symbolizer, and the runtime's map of JIT-compiled methods so
    /// that managed frames in a report can be named. (Which library the worker loads is its harness's.)</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment(string suppressionsDirectory)
    {
        string suppressions = Path.Combine(suppressionsDirectory, SuppressionsFile);
        string options = Options + (SearchPath.Find(Symbolizer.Tool) is { } symbolizer ? ":external_symbolizer_path=" + symbolizer : "") +
                         (File.Exists(suppressions) ? ":suppressions=" + suppressions : "");
        var environment = new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = Runtime(),
            [OptionsVariable] = options,
            ["DOTNET_PerfMapEnabled"] = "1",
        };
        // The address build includes UBSan, whose reports must end the worker and carry a stack too.
        if (this == Address) environment["UBSAN_OPTIONS"] = $"print_stacktrace=1:halt_on_error=1:exitcode={ExitCode}";
        return environment;
    }
}
