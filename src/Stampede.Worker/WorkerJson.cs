using System.Text.Json;
using System.Text.Json.Serialization;
using Stampede.Model;

namespace Stampede.Worker;

/// <summary>One JSON object per line, both ways. The worker's messages carry <see cref="Prefix"/>, so that whatever
/// the native library prints on the same standard output is told apart (and kept as output, not parsed).</summary>
public static class WorkerJson
{
    public const string Prefix = "@stampede ";

    /// <summary>What the worker prints on its standard error after each request, followed by the request's sequence
    /// number, before it answers: what a sanitizer that keeps running printed between two of these is that program's
    /// (<see cref="ProgramEndLine"/>).</summary>
    public const string ProgramEnd = "@stampede end ";

    public static string ProgramEndLine(long sequence) => ProgramEnd + sequence;

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A message with a null where its type has none is broken, not a message: refused here, as a protocol error.
        TypeInfoResolver = DeclaredNullability.Resolver(),
    };

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Options);

    /// <exception cref="JsonException">The line is not such a message, or has a null where its type has none.</exception>
    /// <exception cref="InvalidDataException">The line is JSON's <c>null</c>.</exception>
    public static T Read<T>(string line) =>
        JsonSerializer.Deserialize<T>(line, Options) ?? throw new InvalidDataException("empty worker message");

    /// <summary>A busy worker's line (without <see cref="Prefix"/>): a <see cref="WorkerHeartbeat"/> (it has
    /// <c>progress</c>) or the request's <see cref="WorkerResponse"/>.</summary>
    /// <exception cref="JsonException">The line is not such a message: not JSON, a null where the type has none, or a
    /// failure without its failure.</exception>
    public static WorkerReply ReadReply(string line)
    {
        var message = JsonSerializer.Deserialize<JsonElement>(line, Options);
        WorkerReply? reply = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("progress", out _)
            ? message.Deserialize<WorkerHeartbeat>(Options)
            : message.Deserialize<WorkerResponse>(Options);
        return reply switch
        {
            null => throw new JsonException("empty worker message"),
            WorkerResponse { Outcome: WorkerOutcome.Failure, Failure: null } => throw new JsonException("a failure answer without its failure"),
            _ => reply,
        };
    }
}
