using System.CommandLine;
using Stampede.Bindgen;
using Stampede.Bindgen.Harness;
using Stampede.Campaigns.Preflight;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;

namespace Stampede.Cli;

/// <summary>
/// <c>--preflight</c> (on by default for <c>gate</c>, <c>--no-preflight</c> there): before a stress campaign, the canary
/// harness of the repository runs its known races (<see cref="CanaryPreflight"/>) through workers launched as the
/// campaign's are, on the same sanitizer build. Its lines are <c>PREFLIGHT:</c>; when it fails, the command stops with
/// exit code 2 and one line that says what was not seen and why, before the campaign starts.
/// </summary>
internal static class PreflightCheck
{
    public const string Prefix = "PREFLIGHT: ";

    public static Option<bool> Option() => new("--preflight")
    {
        Description = "before the campaign, run the bundled canary library's known races (a crash, a wrong result, a deadlock) with the same " +
                      "workers and settings, and stop (exit 2) when they are not found or calls rarely run together",
    };

    /// <exception cref="UsageException">The canary is not there, or the preflight failed.</exception>
    public static void Run(Sanitizer? sanitizer, WorkerLaunch launch, TimeSpan hang, int repetitions, CancellationToken cancel)
    {
        string directory = Path.Combine(RepositoryLayout.FindRoot($"the preflight (gate: leave it out with --no-preflight) runs the canary harness ({CanaryPreflight.HarnessDirectory}, built by scripts/build-native), which"),
            CanaryPreflight.HarnessDirectory);
        var canary = Harness.Open(directory, withPreconditions: false);
        if (sanitizer is not null)
            canary = canary.WithLibrary(sanitizer.InstrumentedLibrary(canary.LibraryPath)
                ?? throw new UsageException($"the preflight needs the canary's {sanitizer.Name} build: run scripts/build-native"));
        LibraryFile.Check(canary.LibraryPath);
        Output.Info($"preflight: the canary's races ({string.Join(", ", CanaryRace.All.Select(r => r.Name))}) with this campaign's workers and settings");
        var result = CanaryPreflight.Run(canary, launch, hang, repetitions, line => Console.WriteLine(Prefix + line), cancel);
        if (result.Failure() is { } failure) throw new UsageException(failure);
        Console.WriteLine($"{Prefix}passed in {result.Took.TotalSeconds:0.0}s");
    }
}
