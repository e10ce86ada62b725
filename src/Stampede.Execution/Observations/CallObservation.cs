namespace Stampede.Execution.Observations;

/// <summary>
/// One call as it happened. <see cref="Result"/> is the observed value in a canonical text form (return value and
/// any output buffers, copied right after the call returned: a static buffer read later proves nothing).
/// <see cref="Start"/> and <see cref="End"/> are <see cref="System.Diagnostics.Stopwatch"/> ticks on one clock.
/// </summary>
public sealed record CallObservation(CallId Id, string Function, long Start, long End, string Result)
{
    /// <summary>True when this call finished before <paramref name="other"/> started, on the shared clock.</summary>
    public bool Precedes(CallObservation other) => End < other.Start;
}
