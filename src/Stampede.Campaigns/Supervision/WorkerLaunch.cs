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

    /// <summary>The stampede CLI assembly next to <paramref name="directory"/>, run by the current dotnet host.</summary>
    public static WorkerLaunch CliIn(string directory) =>
        new(System.Environment.ProcessPath ?? "dotnet", [Path.Combine(directory, "stampede.dll")]);
}
