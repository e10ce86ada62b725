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
    readonly Dictionary<CallId, string> functions;
    readonly IReadOnlySet<string> varied;

    ResultAbstraction(Dictionary<CallId, ResultComparison> comparisons, Dictionary<CallId, string> functions, IReadOnlySet<string> varied) =>
        (this.comparisons, this.functions, this.varied) = (comparisons, functions, varied);

    public ResultComparison this[CallId id] => comparisons.GetValueOrDefault(id, ResultComparison.Exact);

    /// <summary>The functions a call of which gave a result that changed from one calibration run to the next
    /// (configured nondeterministic functions aside): results that depend on something the reference does not
    /// reproduce.</summary>
    public IReadOnlySet<string> Varied => varied;

    /// <summary>
    /// This abstraction with every call of a varied function ignored rather than compared. For a library whose state
    /// carries over from one run to the next (it cannot be unloaded), such a function's results depend on that state,
    /// and no reference run starts from the state the concurrent run started from: not even the pattern of its values
    /// is evidence then. Every call of it, not only those that varied: in another order, a call that followed a reset
    /// of that state in the calibration order (<c>srand48</c> before <c>lrand48</c>) may come before it.
    /// </summary>
    public ResultAbstraction WithoutVaried() =>
        new(comparisons.ToDictionary(c => c.Key, c => varied.Contains(functions[c.Key]) ? ResultComparison.Ignored : c.Value), functions, varied);

    /// <summary>Every call compared exactly (for references known to be deterministic, e.g. in tests).</summary>
    public static ResultAbstraction AllExact { get; } = new([], [], new HashSet<string>());

    /// <param name="perturbation">When the reference's state carries over from run to run: an order run before each
    /// calibration run but the first, so that they start from different states, and a result that depends on the
    /// state shows it by changing.</param>
    public static ResultAbstraction Calibrate(
        ISequentialModel model, IReadOnlyList<CallId> order, Func<CallId, string> functionOf,
        Func<string, bool> isNondeterministic, int runs = 3, IReadOnlyList<CallId>? perturbation = null)
    {
        var results = Enumerable.Range(0, runs).Select(run =>
        {
            if (run > 0 && perturbation is not null) model.Run(perturbation);
            return model.Run(order);
        }).ToArray();
        var patterns = results.Select(r => EqualityPatterns(order, r, functionOf)).ToArray();
        var comparisons = new Dictionary<CallId, ResultComparison>();
        var functions = new Dictionary<CallId, string>();
        var varied = new HashSet<string>();
        for (int i = 0; i < order.Count; i++)
        {
            var id = order[i];
            string function = functions[id] = functionOf(id);
            bool same = results.All(r => r[i] == results[0][i]);
            if (!same && !isNondeterministic(function)) varied.Add(function);
            comparisons[id] =
                isNondeterministic(function) ? ResultComparison.Ignored
                : same ? ResultComparison.Exact
                : patterns.All(p => p[function] == patterns[0][function]) ? ResultComparison.EqualityPattern
                : ResultComparison.Ignored;
        }
        return new ResultAbstraction(comparisons, functions, varied);
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
