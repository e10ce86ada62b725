using Stampede.Sanitizers;

namespace Stampede.Oracles.Process;

/// <summary>
/// What a dead worker left: its exit code and fatal signal, the crashing thread's stack (from the runtime's crash
/// report, symbolized), which program thread that was and what every thread was in (from the call board), and the
/// last lines it printed (glibc's "double free detected"); and the sanitizer reports among them, parsed, with managed
/// frames named from the runtime's perf map.
/// </summary>
public sealed record CrashEvidence(
    int ExitCode, string? Signal, IReadOnlyList<CapturedFrame> CrashingStack, int? CrashingThread,
    IReadOnlyList<ThreadPlace> Threads, string StandardErrorTail, IReadOnlyList<SanitizerReport>? SanitizerReports = null)
{
    /// <summary>The program thread that died: the crash report's thread as the call board knows it, else the one the
    /// schedule build's heap guard names in its line (<see cref="HeapGuardReport.AccessingThread"/>: the guard aborts on
    /// the accessing thread itself). Without it a guard's abort whose report named no thread was signed by every call
    /// in flight (<c>calls kv_get,kv_put</c>) beside the same race signed by its call (<c>kv_put</c>).</summary>
    public int? CrashingThread { get; init; } = CrashingThread ?? HeapGuardReport.AccessingThread(StandardErrorTail);
}
