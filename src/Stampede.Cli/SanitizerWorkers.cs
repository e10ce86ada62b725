using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.CallLayer;

namespace Stampede.Cli;

/// <summary>
/// <c>--sanitizer thread|address</c> for the commands that start workers: points this process and its workers at the
/// library's instrumented build (through <see cref="NativeLibraryLocator.OverrideVariable"/>, which
/// <see cref="Harness.Open"/> and the workers both read) and adds the sanitizer's runtime and options to the workers'
/// environment. A library the project did not build (a system library) runs as it is, with a warning: the sanitizer
/// then sees only what the host does with it (AddressSanitizer's allocator still checks its malloc and free).
/// </summary>
internal static class SanitizerWorkers
{
    public static WorkerLaunch Launch(string sanitizerName, string harnessDirectory)
    {
        var launch = WorkerLaunch.CliIn(AppContext.BaseDirectory);
        if (Sanitizer.Named(sanitizerName) is not { } sanitizer) return launch;
        string plain = Harness.Open(harnessDirectory).LibraryPath;
        string? instrumented = sanitizer.InstrumentedLibrary(plain);
        // This process too, so that the harness it opens symbolizes crashes against the library the workers load.
        if (instrumented is not null) Environment.SetEnvironmentVariable(NativeLibraryLocator.OverrideVariable, instrumented);
        else
            Console.WriteLine($"WARNING: {Path.GetFileName(plain)} has no {sanitizer.Name} build: the sanitizer cannot see inside it " +
                              "(see docs/sanitizers.md for what it still catches)");
        return launch with { Environment = sanitizer.WorkerEnvironment(Path.Combine(AppContext.BaseDirectory, "sanitizers"), instrumented) };
    }
}
