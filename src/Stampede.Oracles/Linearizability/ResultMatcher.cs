using Stampede.Execution.Observations;

namespace Stampede.Oracles.Linearizability;

/// <summary>
/// Compares the reference's results for an order with what the concurrent run observed, call by call, under a
/// <see cref="ResultAbstraction"/>. Equality patterns are checked with a one-to-one renaming per function that
/// grows along the order, so a prefix that matches stays matched when the order is extended.
/// </summary>
sealed class ResultMatcher(ConcurrentHistory history, ResultAbstraction abstraction)
{
    /// <summary>The index of the first call whose result disagrees, or <c>order.Count</c> when all agree.</summary>
    public int FirstMismatch(IReadOnlyList<CallId> order, IReadOnlyList<string> results)
    {
        var observedToModel = new Dictionary<(string, string), string>();
        var modelToObserved = new Dictionary<(string, string), string>();
        for (int i = 0; i < order.Count; i++)
        {
            var call = history[order[i]];
            string expected = results[i];
            bool agrees = abstraction[call.Id] switch
            {
                ResultComparison.Exact => call.Result == expected,
                ResultComparison.Ignored => true,
                _ => Rename(observedToModel, (call.Function, call.Result), expected)
                     && Rename(modelToObserved, (call.Function, expected), call.Result),
            };
            if (!agrees) return i;
        }
        return order.Count;
    }

    public bool ComparesExactly(CallId id) => abstraction[id] == ResultComparison.Exact;

    static bool Rename(Dictionary<(string, string), string> map, (string, string) from, string to) =>
        map.TryGetValue(from, out var existing) ? existing == to : (map[from] = to) == to;
}
