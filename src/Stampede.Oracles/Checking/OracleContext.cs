using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Model.Api;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// What the oracles of one program share: the program, the API model it calls, the harness's invariants, and the
/// library itself as the sequential reference (<see cref="Reference"/>, from fresh state each run, counting its runs),
/// and the <see cref="Judgement"/> its verdicts were reached by.
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

    readonly SortedSet<string> dependOnCarriedState = new(StringComparer.Ordinal);

    /// <summary>Calibrates the comparison of results along <paramref name="order"/> (see <see cref="ResultAbstraction"/>).
    /// When the library's state carries over between runs, each calibration run but the first follows a run of the
    /// program's threads in reverse order, which leaves the state otherwise than the calibration order does; a function
    /// whose results then varied is not compared at all (<see cref="ResultAbstraction.WithoutVaried"/>) and is named in
    /// the <see cref="Judgement"/>.</summary>
    public ResultAbstraction Calibrate(IReadOnlyList<CallId> order, IReadOnlySet<string> nondeterministic)
    {
        if (reference.ResetsState)
            return ResultAbstraction.Calibrate(reference.Uncached, order, id => program[id].Name, nondeterministic.Contains);
        var reversed = program.ProgramOrder().OrderByDescending(id => id.Thread).ToArray();
        var calibrated = ResultAbstraction.Calibrate(reference.Uncached, order, id => program[id].Name, nondeterministic.Contains, perturbation: reversed);
        lock (dependOnCarriedState) dependOnCarriedState.UnionWith(calibrated.Varied);
        return calibrated.WithoutVaried();
    }

    /// <summary>How this program's verdicts are reached: from fresh or carried-over state, and which functions that
    /// left to isolation.</summary>
    public Judgement Judgement
    {
        get
        {
            lock (dependOnCarriedState) return new Judgement(!reference.ResetsState, dependOnCarriedState.ToArray());
        }
    }
}
