using Stampede.Bindgen.Harness;

namespace Stampede.Cli;

/// <summary>How a command line printed for a person (a finding's repro command) starts: <c>./stampede</c> in a Stampede
/// checkout, the script at its root that builds the tool first; <c>stampede</c> anywhere else, where it is the
/// installed .NET tool.</summary>
internal static class ToolCommand
{
    public static string Name { get; } = RepositoryLayout.TryFindRoot() is null ? "stampede" : "./stampede";
}
