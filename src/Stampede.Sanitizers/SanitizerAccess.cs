namespace Stampede.Sanitizers;

/// <summary>
/// A memory access a report names, with its stack. For a ThreadSanitizer race, the current access and the
/// <see cref="Previous"/> one it conflicts with; for AddressSanitizer, the bad access (<c>read</c>, <c>write</c>, or
/// <c>free</c> for a double free). <see cref="Size"/> and <see cref="Address"/> are null when not printed; <see cref="Thread"/>
/// is <c>T12</c> or <c>main thread</c>; <see cref="Mutexes"/> is ThreadSanitizer's <c>(mutexes: write M0)</c>, if any.
/// </summary>
public sealed record SanitizerAccess(
    string Operation, int? Size, string? Address, string? Thread, bool Atomic, bool Previous, string? Mutexes,
    IReadOnlyList<SanitizerFrame> Stack);
