using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stampede.Model;

namespace Stampede.Findings;

/// <summary>
/// report.json: a <see cref="RecordedFinding"/> in camelCase with <c>"version"</c> first. Readers refuse other
/// versions rather than guess; a field missing or null where the schema forbids it (a list's entry and a dictionary's
/// value included), or a member given twice, makes the file invalid, so a damaged report is noticed on load instead of
/// surfacing later as a null.
/// </summary>
public static class ReportJson
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Signatures and programs contain '>' '<' '&' '"'; escaping them as \u003E only makes the file harder to read.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = DeclaredNullability.Resolver(),
        AllowDuplicateProperties = false,
    };

    // Which of two values of a member is meant cannot be told: refused (JsonException), not left to the last.
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    public static string Write(RecordedFinding finding)
    {
        var body = JsonSerializer.SerializeToNode(finding, Options)!.AsObject();
        var document = new JsonObject { ["version"] = Version };
        foreach (var (name, value) in body.ToArray())
        {
            body.Remove(name);
            document[name] = value;
        }
        return document.ToJsonString(Options) + "\n";
    }

    /// <exception cref="InvalidDataException">Not JSON, another version, a field missing or null, or a member twice.</exception>
    public static RecordedFinding Read(string json)
    {
        try
        {
            var document = JsonNode.Parse(json, documentOptions: DocumentOptions)?.AsObject() ?? throw new InvalidDataException("empty report");
            var version = document["version"]?.GetValue<int>();
            if (version != Version)
                throw new InvalidDataException($"report version {version?.ToString() ?? "missing"}, this Stampede reads version {Version}");
            return document.Deserialize<RecordedFinding>(Options) ?? throw new InvalidDataException("empty report");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"not a valid report: {e.Message}", e);
        }
    }
}
