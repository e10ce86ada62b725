using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stampede.Model;

namespace Stampede.Reports;

/// <summary>
/// <c>summary.json</c>: the run in a form scripts read without parsing XML — its verdict and exit code, counts by status,
/// and one entry per finding with its key, kind, status, triage, reproduction rates and repro command. Reports and
/// programs stay in the corpus (<c>report.json</c>); this file points at them.
/// </summary>
public sealed class SummaryJsonWriter : IRunReportWriter
{
    public const int Version = 1;

    public string FileName => "summary.json";

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Render(RunReport run) => JsonSerializer.Serialize(new
    {
        version = Version,
        kind = run.Kind,
        library = run.Library,
        commandLine = run.CommandLine,
        started = run.Started,
        durationSeconds = Math.Round(run.Duration.TotalSeconds, 1),
        exitCode = run.ExitCode,
        verdict = run.Verdict,
        baseline = run.Baseline,
        candidate = run.Candidate,
        counts = Enum.GetValues<FindingStatus>().ToDictionary(s => JsonSerializer.Serialize(s, Options).Trim('"'),
            s => run.Findings.Count(f => f.Status == s)),
        findings = run.Findings.Select(f => new
        {
            signature = f.Signature,
            kind = f.Recorded.Finding.Kind.Name(),
            status = f.Status,
            fails = f.Fails,
            summary = f.Recorded.Finding.Summary,
            triage = f.Recorded.Label,
            hits = f.Recorded.Hits,
            candidate = f.Candidate?.ToString(),
            baseline = f.Baseline?.ToString(),
            directory = f.Recorded.Directory,
            reproduce = f.ReproduceCommand,
        }),
        statistics = run.Statistics.LastOrDefault(),
    }, Options) + "\n";
}
