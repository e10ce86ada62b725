using Stampede.Execution.Observations;
using Stampede.Execution.Profiling;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;

namespace Stampede.Oracles.Checking;

/// <summary>
/// Judges the histories of one program's repetitions with the oracles that apply to it (<see cref="HistoryOracles"/>),
/// in their order; the first failure is the verdict. The reference they share is the library itself
/// (<see cref="SequentialExecutor"/>, from fresh state each time), made here and disposed of here.
/// </summary>
public sealed class ProgramChecker : IDisposable
{
    readonly SequentialExecutor reference;
    readonly ReferenceModel model;
    readonly IReadOnlyList<IHistoryOracle> oracles;

    public ProgramChecker(NativeTarget target, PreparedProgram program, IReadOnlyList<IHarnessInvariant>? invariants = null,
        int maxReferenceRuns = 2000, CallBoard? board = null)
    {
        using var measured = PhaseClock.Measure(WorkPhase.Checking); // the oracles' calibration
        reference = new SequentialExecutor(target, program, board);
        model = new ReferenceModel(reference);
        oracles = HistoryOracles.For(new OracleContext(program, target.Model, invariants ?? [], model, maxReferenceRuns));
    }

    /// <summary>Runs of the reference so far (calibration included).</summary>
    public int ReferenceRuns => model.Runs;

    /// <summary>Set once a linearizability search ran out of budget; later histories skip that oracle.</summary>
    public bool Undecidable => oracles.OfType<LinearizabilityOracle>().Any(o => o.Undecidable);

    /// <summary>The failure this history shows, or null.</summary>
    public Failure? Check(ConcurrentHistory history)
    {
        using var measured = PhaseClock.Measure(WorkPhase.Checking);
        // Builds the observations now, while the executor still holds their records: a failure keeps the history.
        _ = history.Threads;
        foreach (var oracle in oracles)
            if (oracle.Check(history) is { } failure)
                return failure;
        return null;
    }

    public void Dispose()
    {
        using var measured = PhaseClock.Measure(WorkPhase.Finishing);
        reference.Dispose();
    }
}
