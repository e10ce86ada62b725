namespace Stampede.Findings;

/// <summary>
/// One call of a timeline. Times are microseconds from the start of the run, on one clock for all threads, so
/// overlaps between threads are real. <see cref="EndMicros"/> is null when the call never returned.
/// </summary>
/// <param name="Result">The observed result in the engine's canonical text form, or null when there is none.</param>
public sealed record TimedCall(string Function, long StartMicros, long? EndMicros, string? Result);
