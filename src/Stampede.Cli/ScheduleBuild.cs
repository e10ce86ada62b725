using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;

namespace Stampede.Cli;

/// <summary>
/// <c>--schedule-build</c> for <c>fuzz</c> and <c>repro</c> in systematic mode: the harness as opened, turned to its
/// library's schedule build (build/native/schedule/lib beside the plain one), whose workers then run each iteration
/// under the scheduling runtime, inside the calls (docs/systematic.md). A harness whose library is a schedule build
/// already needs no option.
/// </summary>
internal static class ScheduleBuild
{
    public const string Option = "--schedule-build";

    public static System.CommandLine.Option<bool> Create() => new(Option)
    {
        Description = "with --mode systematic, run the library's schedule build (scripts/build-native schedule): the scheduling runtime " +
                      "interleaves the threads inside the calls, seeded PCT with d = 3 by default",
    };

    /// <exception cref="UsageException">Not in systematic mode, with a sanitizer, or the library has no schedule build
    /// the project made.</exception>
    /// <exception cref="HarnessException">The project built the library but not its schedule build.</exception>
    public static Harness Apply(Harness harness, bool requested, bool systematic, Sanitizer? sanitizer)
    {
        if (!requested) return harness;
        if (!systematic) throw new UsageException($"{Option} applies to --mode systematic");
        if (sanitizer is not null) throw new UsageException($"{Option} cannot be combined with --sanitizer");
        string? build = NativeVariant.Of(harness.LibraryPath, BuildVariant.Schedule)
            ?? throw new UsageException($"{harness.LibraryFileName} has no schedule build beside it: build your library with " +
                                        "stampede cflags --variant schedule, put libstampede_schedrt.so beside it, and give the harness that library");
        return harness.WithLibrary(build);
    }
}
