using System.Diagnostics;

namespace Stampede.Tests.Bindgen;

/// <summary>Runs the built stampede CLI as a separate process, as a user or CI would.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(string? workingDirectory, params string[] args) => Run("dotnet", workingDirectory, [RepositoryPaths.Cli, .. args]);

    /// <param name="environment">Variables to set, or to remove (null), in the child's environment.</param>
    public static Result Run(string file, string? workingDirectory, string[] args, int timeoutMs = 300_000,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(true); throw new AssertionException($"{file} timed out"); }
        return new Result(p.ExitCode, output.Result, error.Result);
    }
}
