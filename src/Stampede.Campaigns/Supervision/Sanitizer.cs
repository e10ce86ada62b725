using Stampede.Harnesses;
using Stampede.Sanitizers;
using System.Diagnostics;
using Stampede.Oracles.Process;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// A sanitizer workers run under: ThreadSanitizer or AddressSanitizer. The library must be the matching build (the
/// <see cref="Variant"/> preset of the native build, beside the plain one), and the worker process gets clang-19's
/// runtime preloaded, since the .NET host is not instrumented itself; the suppressions that silence the .NET runtime's
/// own noise ship with the tool.
/// <para>ThreadSanitizer <see cref="ContinuesAfterReport"/>: a race report does not end the worker, so the races behind
/// a first, frequent one (a "gateway" race) are reported in the same run, each program's reports read from what the
/// worker printed while it ran; the runtime itself reports each pair of racing stacks once per process. AddressSanitizer
/// ends the worker at its first report with <see cref="ExitCode"/>: after a use-after-free or an overflow the heap is
/// damaged, and what runs on is no evidence (its recover mode needs the library built with
/// <c>-fsanitize-recover=address</c>, and the UBSan checks of the address build are built not to recover either).</para>
/// </summary>
public sealed record Sanitizer(
    string Name, BuildVariant Variant, string RuntimeFile, string OptionsVariable, string Options, string SuppressionsFile, bool ContinuesAfterReport)
{
    /// <summary>The exit code a worker ends with after a sanitizer report (a death by signal is a crash).</summary>
    public const int ExitCode = SanitizerOracle.ExitCode;

    public static Sanitizer Thread { get; } = new("thread", BuildVariant.Thread, "libclang_rt.tsan-x86_64.so", "TSAN_OPTIONS",
        // The frame format adds each frame's address (%p), by which JIT-compiled frames are named from the perf map.
        $"exitcode={ExitCode}:detect_deadlocks=1:second_deadlock_stack=1:report_signal_unsafe=0:history_size=4:" +
        "stack_trace_format='    #%n %p %f %S %M'", "tsan.supp", ContinuesAfterReport: true);

    public static Sanitizer Address { get; } = new("address", BuildVariant.Address, "libclang_rt.asan-x86_64.so", "ASAN_OPTIONS",
        $"exitcode={ExitCode}:detect_leaks=0:abort_on_error=0", "asan.supp", ContinuesAfterReport: false);

    /// <summary>This sanitizer ending the worker at its first report: how sanitizer mode ran before, which the
    /// benchmark compares against.</summary>
    public Sanitizer FirstReportOnly() => this with { ContinuesAfterReport = false };

    /// <summary>
    /// This sanitizer as naming a plain crash needs it (<see cref="Attribution.CrashAttribution"/>): its first report is
    /// the crash's cause, and a crash's race has both sides in the library, so ThreadSanitizer leaves the uninstrumented
    /// host untracked (<c>ignore_noninstrumented_modules</c>). The .NET runtime's own lock orders were about 2,000
    /// suppressed reports, each symbolized, at every worker start: a ThreadSanitizer worker's first run took 11.1 s
    /// with them and 3.6 s without (the canary's race-free program, 2 cores). Sanitizer mode keeps tracking the host:
    /// some races have one side there (the runtime reading a string a call returned while another call rewrites it),
    /// and lock-order inversions were not reported with it untracked.
    /// </summary>
    public Sanitizer ForNaming() => FirstReportOnly() with
    {
        Options = Variant == BuildVariant.Thread ? Options + ":ignore_noninstrumented_modules=1" : Options,
    };

    /// <summary>What <c>--sanitizer</c> accepts: <c>none</c>, then each sanitizer's name.</summary>
    public const string None = "none";

    public static IReadOnlyList<Sanitizer> All { get; } = [Thread, Address];

    /// <summary>null for <c>none</c>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static Sanitizer? Named(string name) => name == None
        ? null
        : All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown sanitizer '{name}': {None}, {string.Join(", ", All.Select(s => s.Name))}");

    /// <summary>The sanitizer whose workers print a report of <paramref name="tool"/> (<see cref="SanitizerReport.Tool"/>:
    /// UBSan's reports come from the address build), or null.</summary>
    public static Sanitizer? Printing(string tool) => tool switch
    {
        "thread" => Thread,
        "address" or "undefined" => Address,
        _ => null,
    };

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
        string options = $"halt_on_error={(ContinuesAfterReport ? 0 : 1)}:" + Options + (SearchPath.Find(Symbolizer.Tool) is { } symbolizer ? ":external_symbolizer_path=" + symbolizer : "") +
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
