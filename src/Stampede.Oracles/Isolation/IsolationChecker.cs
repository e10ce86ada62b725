using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Isolation;

/// <summary>
/// For programs whose threads share no handle: each thread's results must equal what the same thread gets when
/// it runs alone. Hidden shared state (a static result buffer, a global cursor, a global last-error slot) makes
/// one thread's results depend on another's calls even when every call is atomic: linearizability accepts such a
/// run, this oracle does not. Only the caller knows the threads share no handle, so it decides when to ask.
/// </summary>
public static class IsolationChecker
{
    /// <summary>The first call (by thread, then position) that differs from its thread run alone, or null.</summary>
    /// <param name="abstractionOf">Calibrates the comparison for one thread's order (see <see cref="ResultAbstraction"/>).</param>
    public static IsolationViolation? Check(
        ConcurrentHistory history, ISequentialModel model, Func<IReadOnlyList<CallId>, ResultAbstraction> abstractionOf)
    {
        foreach (var thread in history.Threads)
        {
            var order = thread.Select(c => c.Id).ToArray();
            var alone = model.Run(order);
            int mismatch = new ResultMatcher(history, abstractionOf(order)).FirstMismatch(order, alone);
            if (mismatch < order.Length) return new IsolationViolation(thread[mismatch], alone[mismatch]);
        }
        return null;
    }
}
