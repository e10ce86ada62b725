using System.Collections.Concurrent;
using System.Diagnostics;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// The built <c>stampede</c> CLI as a running process whose lines can be waited for and which can be sent a signal,
/// with its own temporary folder (<c>TMPDIR</c>) so that a test sees exactly the scratch directories it leaves.
/// </summary>
internal sealed class StampedeProcess : IDisposable
{
    readonly Process process;
    readonly BlockingCollection<string> lines = new();
    readonly ConcurrentQueue<string> output = new(), error = new();

    public StampedeProcess(string temp, params string[] args)
    {
        // Through env --default-signal: a shell running the tests in the background starts them with SIGINT ignored, the
        // child would inherit that, and the campaign rightly keeps it ignored; the test is of a Ctrl-C that arrives.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var a in new[] { "--default-signal=INT,TERM", "dotnet", RepositoryPaths.Cli }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["TMPDIR"] = temp;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); lines.Add(line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) error.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Out => string.Join('\n', output) + "\n";

    public string Error => string.Join('\n', error) + (error.IsEmpty ? "" : "\n");

    /// <summary>Waits for a standard output line that starts with one of <paramref name="prefixes"/>.</summary>
    public string WaitForLine(TimeSpan timeout, params string[] prefixes)
    {
        var clock = Stopwatch.StartNew();
        while (lines.TryTake(out var line, timeout - clock.Elapsed > TimeSpan.Zero ? timeout - clock.Elapsed : TimeSpan.Zero))
            if (prefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal))) return line;
        throw new AssertionException($"no line starting with {string.Join(" or ", prefixes)} within {timeout}:\n{Out}{Error}");
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString()])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit (a generous limit: a failure to stop is an error, not a timing).</summary>
    public int Exit(int timeoutMs = 120_000)
    {
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"stampede did not end within {timeoutMs} ms:\n{Out}{Error}");
        }
        process.WaitForExit(); // the last lines
        return process.ExitCode;
    }

    /// <summary>Runs to the end: exit code, standard output, standard error.</summary>
    public static CliProcess.Result Run(string temp, params string[] args)
    {
        using var p = new StampedeProcess(temp, args);
        int exit = p.Exit(300_000);
        return new CliProcess.Result(exit, p.Out, p.Error);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
