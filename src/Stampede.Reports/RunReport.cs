namespace Stampede.Reports;

/// <summary>
/// One run, as every output of <c>--out</c> describes it: <c>junit.xml</c>, <c>results.sarif</c>,
/// <c>summary.json</c> and <c>report.html</c> are all written from this one record (<see cref="RunReportWriters"/>).
/// </summary>
/// <param name="Kind">The command that ran.</param>
/// <param name="Library">The library as api.json names it (libkvstore.so).</param>
/// <param name="CommandLine">The command line, as a user would type it again.</param>
/// <param name="ExitCode">What the run exits with (0 clean, 1 findings or a gate failure).</param>
/// <param name="Verdict">One line: why the run exits as it does.</param>
/// <param name="Findings">Every finding the run saw or replayed, each with its status.</param>
/// <param name="Statistics">The campaign's counters over time; empty for runs without a campaign.</param>
/// <param name="SourceRoot">Native source paths in reports are made relative to this directory (SARIF's
/// <c>originalUriBaseIds</c>); null leaves them as the debug information gave them.</param>
/// <param name="Baseline">A gate's baseline library file; null outside a gate.</param>
/// <param name="Candidate">The library file under test (a gate's candidate).</param>
public sealed record RunReport(
    RunKind Kind,
    string Library,
    string CommandLine,
    DateTimeOffset Started,
    TimeSpan Duration,
    int ExitCode,
    string Verdict,
    IReadOnlyList<ReportedFinding> Findings,
    IReadOnlyList<StatisticsSample> Statistics,
    string? SourceRoot = null,
    string? Baseline = null,
    string? Candidate = null);
