namespace Stampede.Campaigns.Supervision;

/// <summary>How to start a worker process: the program and the arguments before <c>worker ...</c>
/// (<c>dotnet stampede.dll</c> from the CLI; the same from tests), and what to add to its environment (a sanitizer's
/// preloaded runtime and options), and the most resident memory it may use (<see cref="RssLimitMb"/>).</summary>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> LeadingArguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>libFuzzer's default <c>-rss_limit_mb</c>.</summary>
    public const int DefaultRssLimitMb = 2048;

    /// <summary>A worker whose resident set grows past this many megabytes while a program runs is killed, and that is a
    /// finding (<c>oom</c>); 0: no limit. Measured, not set as an rlimit: the .NET runtime reserves far more address
    /// space than it uses, and a limit on that would break it.</summary>
    public int RssLimitMb { get; init; } = DefaultRssLimitMb;

    /// <summary>The stampede CLI assembly next to <paramref name="directory"/>, run by the dotnet host: the current one
    /// when this process is <c>dotnet</c> (<c>dotnet stampede.dll</c>, a test host), else the one the runtime came with
    /// (the installed tool starts as an executable of its own, which would take the assembly for its first argument).</summary>
    public static WorkerLaunch CliIn(string directory) =>
        new(System.Environment.ProcessPath is { } host && Path.GetFileName(host) == "dotnet" ? host : DotnetHost(),
            [Path.Combine(directory, "stampede.dll")]);

    /// <summary>The <c>dotnet</c> of this runtime: DOTNET_HOST_PATH when the SDK set it, else three levels above the
    /// runtime's directory (shared/Microsoft.NETCore.App/VERSION), else the one on PATH.</summary>
    static string DotnetHost()
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } set && File.Exists(set)) return set;
        string beside = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }
}
