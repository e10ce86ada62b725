using System.Diagnostics;

namespace Stampede.Tests.Bindgen;

/// <summary>Runs the built stampede CLI as a separate process, as a user or CI would.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(string? workingDirectory, params string[] args) => Run("dotnet", workingDirectory, [RepositoryPaths.Cli, .. args]);

    public static Result Run(string file, string? workingDirectory, string[] args, int timeoutMs = 300_000)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(true); throw new AssertionException($"{file} timed out"); }
        return new Result(p.ExitCode, output.Result, error.Result);
    }
}
