using Stampede.Harnesses;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stampede.Worker;

namespace Stampede.Campaigns.Systematic;

/// <summary>
/// A finding's <c>schedule.json</c>: the strategy, seed and iteration that found it, and Coyote's reproducible trace,
/// kept as the JSON object Coyote writes (readable, and what <c>dotnet coyote replay</c> reads too).
/// </summary>
public static class ScheduleFile
{
    public static string Write(RecordedSchedule schedule) => new JsonObject
    {
        ["strategy"] = schedule.Strategy,
        ["seed"] = schedule.Seed,
        ["iteration"] = schedule.Iteration,
        ["trace"] = JsonNode.Parse(schedule.Trace),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <exception cref="HarnessException">The file is not a schedule; the message says which file.</exception>
    public static RecordedSchedule Read(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("empty");
            string Required(string name) => root[name]?.ToJsonString() ?? throw new JsonException($"no \"{name}\"");
            return new RecordedSchedule(
                root["strategy"]?.GetValue<string>() ?? throw new JsonException("no \"strategy\""),
                uint.Parse(Required("seed")), int.Parse(Required("iteration")), Required("trace"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new HarnessException($"{path}: not a schedule file: {e.Message}");
        }
    }
}
