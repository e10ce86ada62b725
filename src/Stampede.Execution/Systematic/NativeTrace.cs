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

    /// <summary>The trace of no decision at all: its header ('S', version 1, the thread count as a varint) and no end
    /// marker, so a replay goes on with strategy none: thread 0 runs while it can, then the lowest-numbered thread
    /// that can (schedrt.h), which runs the threads one after the other.</summary>
    public static byte[] Serial(int threads)
    {
        var trace = new List<byte> { (byte)'S', 1 };
        for (uint n = checked((uint)threads); ; n >>= 7)
        {
            if (n < 0x80) { trace.Add((byte)n); break; }
            trace.Add((byte)(n & 0x7f | 0x80));
        }
        return [.. trace];
    }

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
