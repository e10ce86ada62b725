using Stampede.Sanitizers;
using Stampede.Model;

namespace Stampede.Oracles.Process;

/// <summary>
/// Signs a dead worker: by the sanitizer report that ended it (<see cref="SanitizerOracle"/>), else by its signal and
/// the innermost frames inside the target library (frames of libc or the runtime vary between hits of the same bug).
/// An unknown frame never signs: when no frame has a name, the place is given by what is known instead (the call the
/// crashing thread was in, glibc's message, the library's frames by offset, the calls in flight), so that two
/// unrelated crashes without symbols do not merge into one "??".
/// </summary>
public static class CrashOracle
{
    /// <param name="api">The API's functions and the handles they take, by which a sanitizer report's key names its sides and their state.</param>
    public static ProcessVerdict Judge(CrashEvidence crash, string libraryFile, ApiShape? api = null)
    {
        if (SanitizerOracle.Judge(crash, libraryFile, api) is { } sanitizer) return sanitizer;
        var library = crash.CrashingStack.Where(f => !f.Managed && f.Module == libraryFile).ToArray();
        var own = library.Where(f => f.Function is not null && !IsCLibraryMachinery(f)).Select(f => f.Function!).Take(2).ToArray();
        // No named frame of the library (an abort unwinds poorly through glibc): the call the crashing thread was in,
        // from the call board, names the place as well.
        if (own.Length == 0 && crash.Threads.FirstOrDefault(s => s.Thread == crash.CrashingThread)?.Function is { } inCall) own = [inCall];
        // Heap corruption is often detected later, in some other free(); glibc's message then names the bug best.
        if (own.Length == 0 && GlibcAbort.HeapMessage(crash.StandardErrorTail) is { } message) own = [message];
        // A library without symbols: its frames by offset, the same for every hit on one build of it.
        if (own.Length == 0) own = library.Select(Address).Take(2).ToArray();
        // No frame of the library at all: what the program threads were calling is what is known of the place.
        if (own.Length == 0 && InFlightFunctions(crash) is { Length: > 0 } calls) own = [$"calls {calls}"];
        if (own.Length == 0) own = crash.CrashingStack.Where(f => f.Function is not null).Select(f => f.Function!).Take(2).ToArray();
        if (own.Length == 0) own = crash.CrashingStack.Where(f => !f.Managed).Select(Address).Take(1).ToArray();
        string signal = crash.Signal ?? $"exit {crash.ExitCode}";
        // The scheduling runtime's heap guard aborts right after its line: what it saw says more than the SIGABRT.
        string cause = HeapGuardReport.Kind(crash.StandardErrorTail) ?? signal;
        var where = crash.CrashingThread is { } t && crash.Threads.FirstOrDefault(s => s.Thread == t) is { } state
            ? $" in t{t} ({state.Function ?? state.State.Text()})" : "";
        return new ProcessVerdict(FindingKind.Crash, $"{FindingKind.Crash.Name()}:{cause}:{string.Join("<", own)}",
            $"worker died of {signal}{where}{(own.Length > 0 ? " at " + string.Join(" < ", own) : "")}; threads in calls: {InFlight(crash)}" +
            (crash.Threads.Any(s => s.InReferenceRun && s.Function is not null) ? " (in a sequential reference run of the oracles: one call at a time)" : "") +
            (HeapGuardReport.Line(crash.StandardErrorTail) is { } guard ? "; " + guard : ""));
    }

    /// <summary>When the target is the C library itself, its abort path and its allocator are in the target's module
    /// too: they say where an error was noticed, the same for every bug, not where the bug is.</summary>
    static bool IsCLibraryMachinery(CapturedFrame f) =>
        f.Module == GlibcAbort.Library && (GlibcAbort.IsAbortPath(f.Function!) || HangSignatures.IsAllocator(f.Function!));

    /// <summary>A frame by place: module+0xoffset, as the crash report gives it.</summary>
    static string Address(CapturedFrame f) => $"{f.Module}+0x{f.Offset:x}";

    /// <summary>The distinct functions program threads were inside, in name order ("kv_get,kv_put"): the same set
    /// whichever thread was where.</summary>
    static string InFlightFunctions(CrashEvidence crash) =>
        string.Join(",", crash.Threads.Select(s => s.Function).OfType<string>().Distinct().Order(StringComparer.Ordinal));

    /// <summary>The program threads that were inside a call, for a summary: "t0 in kv_get, t1 in kv_put", or "none".</summary>
    public static string InFlight(CrashEvidence crash)
    {
        string inFlight = string.Join(", ", crash.Threads.Where(s => s.Function is not null).Select(s => $"t{s.Thread} in {s.Function}"));
        return inFlight.Length > 0 ? inFlight : "none";
    }
}
