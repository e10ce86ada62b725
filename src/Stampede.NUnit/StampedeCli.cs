using System.Diagnostics;

namespace Stampede.NUnit;

/// <summary>
/// The stampede command-line tool, run as a process the way a user runs it. Which one: <see cref="Location"/> when
/// set; else the <c>STAMPEDE_CLI</c> environment variable; else <c>stampede</c> on PATH (a global tool, or a
/// <c>--tool-path</c> directory on PATH); else the tool the repository's manifest (<c>.config/dotnet-tools.json</c>)
/// names, restored on first use. A path ending in <c>.dll</c> is run with <c>dotnet</c>.
/// </summary>
public static class StampedeCli
{
    public const string LocationVariable = "STAMPEDE_CLI";
    public const string CommandName = "stampede";

    /// <summary>What a run printed and how it ended (0 clean, 1 findings, 2 usage or configuration error).</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The tool's own error line (exit 2), or its last line of output.</summary>
        public string LastLine => (Error.Trim().Length > 0 ? Error : Output).Trim().Split('\n')[^1].Trim();
    }

    /// <summary>The tool to run, when set in code (a file: the <c>stampede</c> executable or <c>stampede.dll</c>).</summary>
    public static string? Location { get; set; }

    /// <summary>Runs <c>stampede ARGUMENTS</c> in <paramref name="workingDirectory"/>; a run past
    /// <paramref name="timeout"/> is killed with its workers and reported as a timeout.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">No stampede tool can be found or started.</exception>
    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var (file, prefix) = Command(workingDirectory);
        var result = Start(file, [.. prefix, .. arguments], workingDirectory, timeout);
        // A manifest's tool that was never restored says so and runs nothing: restore it once, as dotnet test users expect.
        if (prefix.Length > 0 && prefix[0] == "tool" && result.ExitCode != 0 && NeedsRestore(result))
        {
            var restore = Start("dotnet", ["tool", "restore"], workingDirectory, timeout);
            if (restore.ExitCode != 0)
                throw new InvalidOperationException($"dotnet tool restore failed in {workingDirectory}: {restore.LastLine}");
            result = Start(file, [.. prefix, .. arguments], workingDirectory, timeout);
        }
        return result;
    }

    static bool NeedsRestore(Result result) =>
        (result.Output + result.Error).Contains("dotnet tool restore", StringComparison.Ordinal);

    /// <summary>The file to start and the arguments that come before the tool's own.</summary>
    static (string File, string[] Prefix) Command(string workingDirectory)
    {
        string? given = Location ?? (Environment.GetEnvironmentVariable(LocationVariable) is { Length: > 0 } variable ? variable : null);
        if (given is not null)
        {
            string full = Path.GetFullPath(given, workingDirectory);
            if (!File.Exists(full))
                throw new InvalidOperationException($"the stampede tool {full} (from {(Location is null ? LocationVariable : nameof(StampedeCli) + "." + nameof(Location))}) does not exist");
            return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [full]) : (full, []);
        }
        if (OnPath(CommandName) is { } onPath) return (onPath, []);
        return ("dotnet", ["tool", "run", CommandName, "--"]);
    }

    static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    static Result Start(string file, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {file}: {e.Message} (install the tool: dotnet tool install stampede, or set {LocationVariable})");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{CommandName} {string.Join(' ', arguments)} ran longer than {timeout.TotalSeconds:0} s and was stopped");
            }
            return new Result(process.ExitCode, output.Result, error.Result);
        }
    }
}
