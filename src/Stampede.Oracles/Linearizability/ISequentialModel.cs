using Stampede.Execution.Observations;

namespace Stampede.Oracles.Linearizability;

/// <summary>
/// The reference the oracles compare against: runs calls of a program one at a time, in the given order, from the
/// same initial state as the concurrent run, and returns each call's result in the canonical form of
/// <see cref="CallObservation.Result"/>. The native implementation re-runs the calls through the library itself
/// on a fresh instance; tests use small hand-written models.
/// </summary>
public interface ISequentialModel
{
    /// <summary>Results of the calls of <paramref name="order"/>, index for index.</summary>
    IReadOnlyList<string> Run(IReadOnlyList<CallId> order);

    /// <summary>The results of <paramref name="prefix"/> when an earlier run began with it and runs are deterministic
    /// (each from the same state), so that no run is needed; null otherwise.</summary>
    IReadOnlyList<string>? Known(IReadOnlyList<CallId> prefix) => null;
}
