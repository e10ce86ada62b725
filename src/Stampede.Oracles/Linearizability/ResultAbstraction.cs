using Stampede.Execution.Observations;

namespace Stampede.Oracles.Linearizability;

/// <summary>
/// Per call, how its result may be compared. Found by calibration: the same order is run several times on the
/// reference; a result that is the same every time is compared exactly; one whose values change but whose equality
/// pattern (among the results of the same function) does not is compared by pattern; anything else is ignored.
/// So a function that returns a clock, a pointer or a fresh id never raises a false alarm, without configuration.
/// Functions the configuration marks nondeterministic are ignored outright.
/// </summary>
public sealed class ResultAbstraction
{
    readonly Dictionary<CallId, ResultComparison> comparisons;
    readonly IReadOnlySet<CallId> varied;

    ResultAbstraction(Dictionary<CallId, ResultComparison> comparisons, IReadOnlySet<CallId> varied) =>
        (this.comparisons, this.varied) = (comparisons, varied);

    public ResultComparison this[CallId id] => comparisons.GetValueOrDefault(id, ResultComparison.Exact);

    /// <summary>The calls whose results changed from one calibration run to the next (configured nondeterministic
    /// functions aside): results that depend on something the reference does not reproduce.</summary>
    public IReadOnlySet<CallId> Varied => varied;

    /// <summary>
    /// This abstraction with every varied call ignored rather than compared up to renaming. For a library whose state
    /// carries over from one run to the next (it cannot be unloaded), a result that varied between calibration runs of
    /// one order depends on that state, and no reference run starts from the state the concurrent run started from:
    /// not even the pattern of its values is evidence then.
    /// </summary>
    public ResultAbstraction WithoutVaried() =>
        new(comparisons.ToDictionary(c => c.Key, c => varied.Contains(c.Key) ? ResultComparison.Ignored : c.Value), varied);

    /// <summary>Every call compared exactly (for references known to be deterministic, e.g. in tests).</summary>
    public static ResultAbstraction AllExact { get; } = new([], new HashSet<CallId>());

    public static ResultAbstraction Calibrate(
        ISequentialModel model, IReadOnlyList<CallId> order, Func<CallId, string> functionOf,
        Func<string, bool> isNondeterministic, int runs = 3)
    {
        var results = Enumerable.Range(0, runs).Select(_ => model.Run(order)).ToArray();
        var patterns = results.Select(r => EqualityPatterns(order, r, functionOf)).ToArray();
        var comparisons = new Dictionary<CallId, ResultComparison>();
        var varied = new HashSet<CallId>();
        for (int i = 0; i < order.Count; i++)
        {
            var id = order[i];
            string function = functionOf(id);
            bool same = results.All(r => r[i] == results[0][i]);
            if (!same && !isNondeterministic(function)) varied.Add(id);
            comparisons[id] =
                isNondeterministic(function) ? ResultComparison.Ignored
                : same ? ResultComparison.Exact
                : patterns.All(p => p[function] == patterns[0][function]) ? ResultComparison.EqualityPattern
                : ResultComparison.Ignored;
        }
        return new ResultAbstraction(comparisons, varied);
    }

    /// <summary>For each function, the positions of its calls grouped by equal result, as a comparable string.</summary>
    static Dictionary<string, string> EqualityPatterns(
        IReadOnlyList<CallId> order, IReadOnlyList<string> results, Func<CallId, string> functionOf)
    {
        var classes = new Dictionary<(string Function, string Value), int>();
        var pattern = new Dictionary<string, List<int>>();
        for (int i = 0; i < order.Count; i++)
        {
            string function = functionOf(order[i]);
            var key = (function, results[i]);
            if (!classes.TryGetValue(key, out int cls)) classes[key] = cls = classes.Count(k => k.Key.Function == function);
            (pattern.TryGetValue(function, out var list) ? list : pattern[function] = []).Add(cls);
        }
        return pattern.ToDictionary(p => p.Key, p => string.Join(',', p.Value));
    }
}
