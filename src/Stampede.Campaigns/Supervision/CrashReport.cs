using Stampede.Oracles.Process;
using System.Text.Json;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// Reads the crash report the .NET runtime's createdump writes when a worker dies of a signal
/// (<c>DOTNET_EnableCrashReportOnly=1</c>): the crashing thread's frames, native and managed. Native frames carry a
/// module and an offset that <see cref="Symbolizer"/> turns into function and file:line.
/// </summary>
public static class CrashReport
{
    /// <summary>The environment a worker needs so that a fatal signal leaves a report at <paramref name="directory"/>.</summary>
    public static IReadOnlyDictionary<string, string> WorkerEnvironment(string directory) => new Dictionary<string, string>
    {
        ["DOTNET_DbgEnableMiniDump"] = "1",
        ["DOTNET_EnableCrashReportOnly"] = "1",
        ["DOTNET_DbgMiniDumpName"] = Path.Combine(directory, "core.%p"),
    };

    /// <summary>The report file createdump writes for process <paramref name="pid"/>.</summary>
    public static string PathFor(string directory, int pid) => Path.Combine(directory, $"core.{pid}.crashreport.json");

    /// <summary>The crashing thread's OS id and frames, innermost first; null when the report has no crashed thread.</summary>
    /// <exception cref="InvalidDataException">The file is not a crash report.</exception>
    public static (int OsThreadId, IReadOnlyList<CapturedFrame> Frames)? CrashedThread(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var thread in doc.RootElement.GetProperty("payload").GetProperty("threads").EnumerateArray())
                if (Text(thread, "crashed") == "true")
                    return (Convert.ToInt32(Text(thread, "native_thread_id") ?? "0", 16),
                        thread.GetProperty("stack_frames").EnumerateArray().Select(Frame).ToArray());
            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a crash report ({e.Message})");
        }
    }

    static CapturedFrame Frame(JsonElement f)
    {
        bool managed = Text(f, "is_managed") == "true";
        string module = Text(f, managed ? "filename" : "native_module") ?? "??";
        long offset = Convert.ToInt64(Text(f, managed ? "native_offset" : "native_image_offset") ?? "0", 16);
        string? function = Text(f, managed ? "method_name" : "unmanaged_name");
        return new CapturedFrame(module, offset, function, null, managed);
    }

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
