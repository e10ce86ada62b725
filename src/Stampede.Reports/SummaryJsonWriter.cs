using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stampede.Reports;

/// <summary>
/// <c>summary.json</c>: the run in a form scripts read without parsing XML — its verdict and exit code, counts by status,
/// and one entry per finding (<see cref="FindingJson"/>) with its status, whether it fails the run, its reproduction
/// rates and repro command, and the campaign's last counters.
/// </summary>
public sealed class SummaryJsonWriter : IRunReportWriter
{
    public const int Version = 1;

    public string FileName => "summary.json";

    public string Render(RunReport run)
    {
        var findings = new JsonArray();
        foreach (var f in run.Findings)
        {
            var entry = FindingJson.Of(f.Recorded);
            entry["status"] = EnumText.Name(f.Status);
            entry["fails"] = f.Fails;
            if (f.Candidate is { } candidate) entry["candidate"] = candidate.ToString();
            if (f.Baseline is { } baseline) entry["baseline"] = baseline.ToString();
            entry["reproduce"] = f.ReproduceCommand;
            findings.Add(entry);
        }
        var document = new JsonObject
        {
            ["version"] = Version,
            ["kind"] = JsonSerializer.SerializeToNode(run.Kind, FindingJson.Options),
            ["library"] = run.Library,
            ["commandLine"] = run.CommandLine,
            ["started"] = run.Started,
            ["durationSeconds"] = Math.Round(run.Duration.TotalSeconds, 1),
            ["exitCode"] = run.ExitCode,
            ["verdict"] = run.Verdict,
            ["baseline"] = run.Baseline,
            ["candidate"] = run.Candidate,
            ["counts"] = new JsonObject(Enum.GetValues<FindingStatus>().Select(s =>
                KeyValuePair.Create(EnumText.Name(s), (JsonNode?)run.Findings.Count(f => f.Status == s)))),
            ["findings"] = findings,
            ["statistics"] = run.Statistics.Count == 0 ? null : JsonSerializer.SerializeToNode(run.Statistics[^1], FindingJson.Options),
        };
        return document.ToJsonString(FindingJson.Options) + "\n";
    }
}
