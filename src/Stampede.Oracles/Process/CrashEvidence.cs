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
    IReadOnlyList<ThreadPlace> Threads, string StandardErrorTail, IReadOnlyList<SanitizerReport>? SanitizerReports = null);
