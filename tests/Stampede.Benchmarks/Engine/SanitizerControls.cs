using Stampede.Campaigns.Supervision;

namespace Stampede.Benchmarks.Engine;

/// <summary>One negative-control campaign under a sanitizer: its sanitizer reports (every one is false: the harness
/// binds only correct functions; <see cref="ReportHits"/> counts every hit, <see cref="Reports"/> the distinct
/// signatures) and its other findings, counted apart.</summary>
public sealed record SanitizerControlResult(
    string Library, string Sanitizer, IReadOnlyList<string> Functions, double Seconds, long Programs, long Calls, int Restarts,
    int ReportHits, IReadOnlyList<StrayFinding> Reports, IReadOnlyList<StrayFinding> OtherFindings);

/// <summary>
/// The negative controls of <see cref="NegativeControls"/> under each sanitizer: a harness made with
/// <c>stampede new --function ...</c> binding only the library's mt-safe functions, fuzzed for the budget by a campaign
/// whose workers load the library's ThreadSanitizer or AddressSanitizer build. Goal: no report.
/// </summary>
public static class SanitizerControls
{
    public static IReadOnlyList<SanitizerControlResult> Run(
        Contracts contracts, string repo, string library, IReadOnlyList<Sanitizer> sanitizers, int seed, TimeSpan budget,
        WorkerLaunch cli, Action<string> log)
    {
        var functions = contracts.MtSafe(library);
        string directory = Directory.CreateTempSubdirectory("stampede-bench-sanitizer-controls-").FullName;
        string harness = Path.Combine(directory, library + "-controls");
        var arguments = new List<string>
        {
            "new", "-H", Path.Combine(repo, "native/samples", library, library + ".h"),
            "-l", Path.Combine(repo, "build/native/plain/lib", $"lib{library}.so"), "-o", harness, "-n", library + "-controls",
        };
        foreach (var f in functions) arguments.AddRange(["--function", f]);
        try
        {
            NegativeControls.RunCli(cli, arguments);
            log($"  controls {library}: {string.Join(", ", functions)}");
            return sanitizers.Select(sanitizer =>
            {
                var r = SanitizerRun.Run(contracts, library, harness, seed, budget, sanitizer, [], cli, repo, log);
                return new SanitizerControlResult(library, sanitizer.Name, functions, r.Seconds, r.Status.Programs, r.Status.Calls,
                    r.Status.WorkerRestarts, r.SanitizerFindings, r.Strays.Where(s => s.Kind == "sanitizer").ToArray(), r.Strays.Where(s => s.Kind != "sanitizer").ToArray());
            }).ToArray();
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
