using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stampede.Worker;

/// <summary>One JSON object per line, both ways. The worker's messages carry <see cref="Prefix"/>, so that whatever
/// the native library prints on the same standard output is told apart (and kept as output, not parsed).</summary>
public static class WorkerJson
{
    public const string Prefix = "@stampede ";

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Options);

    public static T Read<T>(string line) =>
        JsonSerializer.Deserialize<T>(line, Options) ?? throw new InvalidDataException("empty worker message");

    /// <summary>A busy worker's line (without <see cref="Prefix"/>): a <see cref="WorkerHeartbeat"/> (it has
    /// <c>progress</c>) or the request's <see cref="WorkerResponse"/>.</summary>
    /// <exception cref="JsonException">The line is not such a message.</exception>
    public static WorkerReply ReadReply(string line)
    {
        var message = JsonSerializer.Deserialize<JsonElement>(line, Options);
        WorkerReply? reply = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("progress", out _)
            ? message.Deserialize<WorkerHeartbeat>(Options)
            : message.Deserialize<WorkerResponse>(Options);
        return reply ?? throw new JsonException("empty worker message");
    }
}
