using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Reports;

/// <summary>
/// A finding as the JSON outputs list it (<c>summary.json</c>, <c>stampede show --json</c>): its key, kind, summary,
/// triage, hits and directory, one shape in both. The full record stays in the corpus's <c>report.json</c>.
/// </summary>
public static class FindingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Signatures and programs contain '>' '<' '&'; escaping them only makes the file harder to read. The text stays
        // valid JSON either way: quotes, backslashes and control characters are always escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject Of(RecordedFinding finding) => new()
    {
        ["signature"] = finding.Finding.Signature,
        ["kind"] = finding.Finding.Kind.Name(),
        ["summary"] = finding.Finding.Summary,
        ["library"] = finding.Finding.Library,
        ["triage"] = finding.Label,
        ["hits"] = finding.Hits,
        ["firstSeen"] = finding.FirstSeen,
        ["lastSeen"] = finding.LastSeen,
        ["directory"] = finding.Directory,
    };
}
