using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Model.Api;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// What the oracles of one program share: the program, the API model it calls, the harness's invariants, and the
/// library itself as the sequential reference (<see cref="Reference"/>, from fresh state each run, counting its runs).
/// </summary>
public sealed class OracleContext(
    PreparedProgram program, ApiModel api, IReadOnlyList<IHarnessInvariant> invariants, ReferenceModel reference, int maxReferenceRuns)
{
    public PreparedProgram Program => program;
    public ApiModel Api => api;
    public IReadOnlyList<IHarnessInvariant> Invariants => invariants;
    public ReferenceModel Reference => reference;

    /// <summary>The budget of reference runs of one linearizability search.</summary>
    public int MaxReferenceRuns => maxReferenceRuns;

    /// <summary>Calibrates the comparison of results along <paramref name="order"/> (see <see cref="ResultAbstraction"/>).</summary>
    public ResultAbstraction Calibrate(IReadOnlyList<CallId> order, IReadOnlySet<string> nondeterministic) =>
        ResultAbstraction.Calibrate(reference, order, id => program[id].Name, nondeterministic.Contains);
}
