using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Isolation;

/// <summary>
/// For programs whose threads share no handle and no argument: a thread must not see another thread's data. Hidden
/// shared state (a static result buffer, a global cursor, a global last-error slot) makes one thread's results depend
/// on another's calls even when every call is atomic: linearizability accepts such a run, this oracle does not.
///
/// A difference from the thread's own results alone is not enough: a global counter or registry legitimately shows
/// other threads' work. The oracle asks for cross-talk: the call's text result (a string or a text buffer) differs
/// from what its thread gets alone and is exactly what another thread gets alone from the same function. Only the
/// caller knows the threads share nothing, so it decides when to ask.
/// </summary>
public static class IsolationChecker
{
    /// <summary>The first call (by thread, then position) that shows cross-talk, or null.</summary>
    /// <param name="alone">The results of one thread's calls run alone (a sequential model's run, or a memo of it).</param>
    /// <param name="abstractionOf">Calibrates the comparison for one thread's order (see <see cref="ResultAbstraction"/>).</param>
    public static IsolationViolation? Check(
        ConcurrentHistory history, Func<IReadOnlyList<CallId>, IReadOnlyList<string>> alone,
        Func<IReadOnlyList<CallId>, ResultAbstraction> abstractionOf)
    {
        var threads = history.Threads.Select(thread =>
        {
            var order = thread.Select(c => c.Id).ToArray();
            return (Order: order, Results: alone(order));
        }).ToArray();

        for (int t = 0; t < threads.Length; t++)
        {
            var (order, results) = threads[t];
            var abstraction = abstractionOf(order);
            for (int i = 0; i < order.Length; i++)
            {
                var call = history[order[i]];
                if (abstraction[call.Id] != ResultComparison.Exact || call.Result == results[i] || !IsText(call.Result)) continue;
                bool anotherThreadsText = threads.Where((_, other) => other != t).Any(o =>
                    o.Order.Select((id, k) => (id, k)).Any(x => history[x.id].Function == call.Function && o.Results[x.k] == call.Result));
                if (anotherThreadsText) return new IsolationViolation(call, results[i]);
            }
        }
        return null;
    }

    /// <summary>Results with a string in them; numbers alone coincide too easily to prove cross-talk.</summary>
    static bool IsText(string result) => result.Contains('"');
}
