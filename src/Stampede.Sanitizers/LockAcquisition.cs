namespace Stampede.Sanitizers;

/// <summary>
/// One edge of a lock-order cycle (ThreadSanitizer's <c>Mutex M1 acquired here while holding mutex M0 in thread T12:</c>),
/// or, with <see cref="Earlier"/>, where the held mutex was taken before (<c>Mutex M0 previously acquired by the same
/// thread here:</c>, which ThreadSanitizer prints with <c>second_deadlock_stack=1</c>).
/// </summary>
public sealed record LockAcquisition(string Mutex, string? HeldMutex, string? Thread, bool Earlier, IReadOnlyList<SanitizerFrame> Stack);
