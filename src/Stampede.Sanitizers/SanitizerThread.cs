namespace Stampede.Sanitizers;

/// <summary>
/// A thread a report describes: <c>Thread T13 'stampede-seq-t1' (tid=12372, running) created by main thread at:</c>.
/// <see cref="Id"/> is the sanitizer's number (<c>T13</c>); <see cref="Name"/> the name the thread was given, if any;
/// <see cref="OsThreadId"/> the kernel's thread id (ThreadSanitizer prints it; it matches the call board's);
/// <see cref="State"/> <c>running</c>/<c>finished</c> (ThreadSanitizer); <see cref="CreatedBy"/> <c>main thread</c> or <c>T0</c>.
/// </summary>
public sealed record SanitizerThread(
    string Id, string? Name, int? OsThreadId, string? State, string? CreatedBy, IReadOnlyList<SanitizerFrame> CreationStack);
