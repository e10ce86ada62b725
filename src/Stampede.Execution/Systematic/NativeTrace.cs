using System.Text.Json;

namespace Stampede.Execution.Systematic;

/// <summary>
/// The scheduling runtime's trace (bytes, schedrt.h) as a recorded schedule carries it: a JSON string of its base64,
/// so that schedule.json keeps one shape (its <c>trace</c> is Coyote's object for call-level schedules, this string for
/// native ones) and the worker protocol one field.
/// </summary>
public static class NativeTrace
{
    public static string ToText(byte[] trace) => JsonSerializer.Serialize(Convert.ToBase64String(trace));

    /// <exception cref="FormatException">Not a native trace (a Coyote trace given to a schedule build, or damaged).</exception>
    public static byte[] FromText(string text)
    {
        try
        {
            return Convert.FromBase64String(JsonSerializer.Deserialize<string>(text) ?? throw new FormatException("null"));
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a native schedule trace: {e.Message}");
        }
    }
}
