using Stampede.Campaigns.Attribution;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;

namespace Stampede.Cli;

/// <summary>
/// <c>--sanitizer thread|address</c> for the commands that start workers: the harness as opened, turned to the
/// library's instrumented build (which the workers are told to load, and crashes are symbolized against), and the
/// workers' launch with the sanitizer's runtime and options in their environment. A library the project did not build
/// (a system library) runs as it is, with a warning: the sanitizer then sees only what the host does with it
/// (AddressSanitizer's allocator still checks its malloc and free). Without <c>--sanitizer</c>, the sanitizer builds
/// name plain crashes' causes instead (<see cref="Attribution"/>).
/// </summary>
internal static class SanitizerWorkers
{
    /// <summary>The sanitizers' suppressions files, shipped beside the tool.</summary>
    static string SuppressionsDirectory => Path.Combine(AppContext.BaseDirectory, "sanitizers");

    /// <summary>What names plain crashes by their cause (<see cref="CrashAttribution"/>); none when the workers run
    /// under a sanitizer already, whose reports carry their cause.</summary>
    public static CrashAttribution? Attribution(Harness harness, WorkerLaunch launch, Sanitizer? sanitizer, TimeSpan hang) =>
        sanitizer is null ? CrashAttribution.For(harness, launch, SuppressionsDirectory, hang) : null;

    public static (Harness Harness, WorkerLaunch Launch) Prepare(Harness harness, Sanitizer? sanitizer)
    {
        var launch = WorkerLaunch.CliIn(AppContext.BaseDirectory);
        if (sanitizer is null) return (harness, launch);
        string? instrumented = sanitizer.InstrumentedLibrary(harness.LibraryPath);
        if (instrumented is null)
            Output.Warning($"{harness.LibraryFileName} has no {sanitizer.Name} build: the sanitizer cannot see inside it " +
                              "(see docs/sanitizers.md for what it still catches)");
        return (instrumented is null ? harness : harness.WithLibrary(instrumented),
            sanitizer.Launch(launch, SuppressionsDirectory));
    }
}
