using System.Diagnostics;
using Stampede.Campaigns.Supervision;

namespace Stampede.Benchmarks.Engine;

public sealed record ControlResult(string Library, IReadOnlyList<string> Functions, double Seconds, long Programs, long Calls, IReadOnlyList<StrayFinding> Findings);

/// <summary>
/// The negative controls: a harness made with <c>stampede new --function ...</c> that binds only the library's mt-safe
/// functions, fuzzed by an ordinary campaign for the budget. Every function in it is correct, so any finding is a
/// false positive.
/// </summary>
public static class NegativeControls
{
    public static ControlResult Run(Contracts contracts, string repo, string library, int seed, TimeSpan budget, WorkerLaunch cli, Action<string> log)
    {
        var functions = contracts.MtSafe(library);
        string harness = Path.Combine(Directory.CreateTempSubdirectory("stampede-bench-controls-").FullName, library + "-controls");
        var arguments = new List<string>
        {
            "new", "-H", Path.Combine(repo, "native/samples", library, library + ".h"),
            "-l", Path.Combine(repo, "build/native/plain/lib", $"lib{library}.so"), "-o", harness, "-n", library + "-controls",
        };
        foreach (var f in functions) arguments.AddRange(["--function", f]);
        RunCli(cli, arguments);
        log($"  controls {library}: {string.Join(", ", functions)}");
        var result = DetectionRun.Run(contracts, library, harness, seed, budget, cli, log);
        Directory.Delete(Path.GetDirectoryName(harness)!, recursive: true);
        return new ControlResult(library, functions, result.Seconds, result.Status.Programs, result.Status.Calls, result.Strays);
    }

    /// <summary>Runs the stampede CLI (to make the controls' harnesses); throws with its output when it fails.</summary>
    internal static void RunCli(WorkerLaunch cli, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(cli.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in cli.LeadingArguments.Concat(arguments)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"stampede {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output.Result}{error}");
    }
}
