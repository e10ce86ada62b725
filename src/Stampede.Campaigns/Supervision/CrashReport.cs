using Stampede.Oracles.Process;
using System.Globalization;
using System.Text.Json;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// Reads the crash report the .NET runtime's createdump writes when a worker dies of a signal
/// (<c>DOTNET_EnableCrashReportOnly=1</c>): the crashing thread's frames, native and managed, and where every other
/// thread was. Native frames carry a
/// module and an offset that <see cref="Symbolizer"/> turns into function and file:line.
/// </summary>
/// <remarks>
/// createdump unwinds the crashing thread from where it waits for createdump: its first frames are the runtime's
/// signal handler (a libc wait, then <see cref="RuntimeModule"/>), then the kernel's signal trampoline, then the
/// instruction the signal interrupted (for an abort, inside pthread_kill), then return addresses. Its own function
/// names are looked up at those addresses as they are, so a call to abort() at a function's end names the next function
/// or nothing; <see cref="CapturedFrame.ReturnAddress"/> marks the frames to look up one byte earlier. For a fault
/// handled on the alternate signal stack the handler's frames come after the thread's own instead. The handler's
/// frames and the trampoline are dropped: the stack starts where the signal struck.
/// </remarks>
public static class CrashReport
{
    /// <summary>The runtime's native module, where its signal handler runs.</summary>
    public const string RuntimeModule = "libcoreclr.so";

    /// <summary>The runtime's C library, where its signal handler waits and the signal trampoline is.</summary>
    public const string CLibrary = GlibcAbort.Library;

    /// <summary>The environment a worker needs so that a fatal signal leaves a report at <paramref name="directory"/>.</summary>
    public static IReadOnlyDictionary<string, string> WorkerEnvironment(string directory) => new Dictionary<string, string>
    {
        ["DOTNET_DbgEnableMiniDump"] = "1",
        ["DOTNET_EnableCrashReportOnly"] = "1",
        ["DOTNET_DbgMiniDumpName"] = Path.Combine(directory, "core.%p"),
        // glibc writes its last words before an abort ("double free detected", "buffer overflow detected") to the
        // process's terminal when it has one; on stderr they reach the report and the supervisor (GlibcAbort).
        ["LIBC_FATAL_STDERR_"] = "1",
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
                    return (checked((int)Hex(thread, "native_thread_id")),
                        FromInterrupted(thread.GetProperty("stack_frames").EnumerateArray().Select(Frame).ToArray()));
            return null;
        }
        // A number that is not hex or does not fit is as unreadable as broken JSON: the caller still reports the
        // crash, without these frames.
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{path}: not a crash report ({e.Message})");
        }
    }

    /// <summary>Every other thread's OS id and frames, innermost first, where it was when the crashing thread died: the
    /// other side of a race is often one of them. Empty when the report cannot be read.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<CapturedFrame>> OtherThreads(string path)
    {
        var threads = new Dictionary<int, IReadOnlyList<CapturedFrame>>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var thread in doc.RootElement.GetProperty("payload").GetProperty("threads").EnumerateArray())
                if (Text(thread, "crashed") != "true" && thread.TryGetProperty("stack_frames", out var frames))
                    threads[checked((int)Hex(thread, "native_thread_id"))] =
                        frames.EnumerateArray().Select(Frame).Select((f, i) => i > 0 && !f.Managed ? f with { ReturnAddress = true } : f).ToArray();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException) { }
        return threads;
    }

    /// <summary>The frames from the interrupted one outward, every one after it marked as a return address. The
    /// runtime's handler — a wait in the C library for createdump, the runtime's frames, the signal trampoline — is not
    /// the crash, and when the target is the C library it would even pass for the target's frames: it is dropped.
    /// createdump lists it first (an abort: the interrupted instruction follows it) or, for a fault handled on the
    /// alternate signal stack, after the thread's own frames (the interrupted instruction is then the first frame).
    /// </summary>
    static CapturedFrame[] FromInterrupted(CapturedFrame[] frames)
    {
        int wait = Enumerable.Range(0, frames.Length).FirstOrDefault(i => IsHandlerWait(frames, i), -1);
        if (wait >= 0)
        {
            int end = wait + 1;
            while (end < frames.Length && frames[end] is { Managed: false, Module: RuntimeModule }) end++;
            if (end < frames.Length && frames[end] is { Managed: false, Module: CLibrary }) end++; // the trampoline
            frames = [.. frames[..wait], .. frames[end..]];
        }
        else
        {
            // No wait named: the handler is the runtime's frames the report starts with, the trampoline after them.
            int handler = -1;
            for (int i = 0; i < frames.Length && !frames[i].Managed && frames[i].Module is RuntimeModule or CLibrary; i++)
                if (frames[i].Module == RuntimeModule) handler = i;
            frames = frames[(handler >= 0 ? Math.Min(handler + 2, frames.Length) : 0)..];
        }
        return [.. frames.Select((f, i) => i > 0 && !f.Managed ? f with { ReturnAddress = true } : f)];
    }

    /// <summary>Frame <paramref name="i"/> is where the runtime's handler waits for createdump: a wait of the C library
    /// called from the runtime.</summary>
    static bool IsHandlerWait(CapturedFrame[] frames, int i) =>
        frames[i] is { Managed: false, Module: CLibrary, Function: "wait4" or "waitpid" or "__waitpid" or "__GI___wait4" }
        && i + 1 < frames.Length && frames[i + 1] is { Managed: false, Module: RuntimeModule };

    static CapturedFrame Frame(JsonElement f)
    {
        bool managed = Text(f, "is_managed") == "true";
        string module = Text(f, managed ? "filename" : "native_module") ?? "??";
        long offset = Hex(f, managed ? "native_offset" : "native_image_offset");
        string? function = Text(f, managed ? "method_name" : "unmanaged_name");
        return new CapturedFrame(module, offset, function, null, managed);
    }

    /// <summary>A number createdump writes as hex text (<c>0x1a2b</c>), 0 when absent; 16 digits read as a signed
    /// 64-bit value, as an address or offset does.</summary>
    /// <exception cref="FormatException">Not hex.</exception>
    /// <exception cref="OverflowException">More than 64 bits.</exception>
    static long Hex(JsonElement e, string name)
    {
        string text = Text(e, name) ?? "0";
        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return unchecked((long)ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
