using Stampede.Execution.Observations;

namespace Stampede.Oracles.Isolation;

/// <summary>A call whose result, in the concurrent run, differs from what its thread gets running alone.</summary>
public sealed record IsolationViolation(CallObservation Call, string Alone);
