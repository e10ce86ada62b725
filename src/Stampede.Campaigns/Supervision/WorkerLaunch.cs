namespace Stampede.Campaigns.Supervision;

/// <summary>How to start a worker process: the program and the arguments before <c>worker ...</c>
/// (<c>dotnet stampede.dll</c> from the CLI; the same from tests), and what to add to its environment (a sanitizer's
/// preloaded runtime and options).</summary>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> LeadingArguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>The stampede CLI assembly next to <paramref name="directory"/>, run by the current dotnet host.</summary>
    public static WorkerLaunch CliIn(string directory) =>
        new(System.Environment.ProcessPath ?? "dotnet", [Path.Combine(directory, "stampede.dll")]);
}
