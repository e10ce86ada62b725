using System.CommandLine;
using Stampede.Findings;
using Stampede.Reports;

namespace Stampede.Cli;

/// <summary>
/// <c>--out DIR</c> and <c>--source-root DIR</c>, which <c>fuzz</c>, <c>repro</c> and <c>gate</c> take alike: where the
/// run's outputs go (<see cref="RunReportWriters"/>), and how a finding of the corpus becomes a row of them.
/// </summary>
internal sealed class ReportOutputs
{
    readonly Option<string?> outDirectory = Options.CliOptions.Out();
    readonly Option<string?> sourceRoot = Options.CliOptions.SourceRoot();

    public void AddTo(Command command)
    {
        command.Options.Add(outDirectory);
        command.Options.Add(sourceRoot);
    }

    public Chosen Read(ParseResult parse) => new(parse.GetValue(outDirectory) is { } o ? Path.GetFullPath(o) : null,
        parse.GetValue(sourceRoot) is { } s ? Path.GetFullPath(s) : null);

    /// <summary>What was given: the directory (null: no outputs) and the source root.</summary>
    public sealed record Chosen(string? Directory, string? SourceRoot)
    {
        /// <summary>Writes every output of the run when <c>--out</c> was given, and says where.</summary>
        /// <exception cref="IOException">An output cannot be written: one error line, exit 2, the corpus untouched.</exception>
        public void Write(RunReport run)
        {
            if (Directory is null) return;
            var written = RunReportWriters.WriteAll(run with { SourceRoot = SourceRoot }, Directory);
            Output.Info($"reports: {string.Join(", ", written.Select(CampaignRunner.Relative))}");
        }
    }

    /// <summary>A corpus finding as a row of the report, with the repro command the store filled in when it recorded it.</summary>
    public static ReportedFinding Row(RecordedFinding recorded, FindingStatus status, bool fails, ReproductionRate? candidate = null,
        ReproductionRate? baseline = null) =>
        new(recorded, status, fails, recorded.Finding.ReproduceCommand, candidate, baseline);

    /// <summary>The command line as the user typed it, for the report's header.</summary>
    public static string CommandLine() =>
        "stampede " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Any(char.IsWhiteSpace) || a.Length == 0 ? $"'{a}'" : a));
}
