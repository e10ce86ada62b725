using Stampede.Execution.Observations;

namespace Stampede.Oracles.Linearizability;

/// <summary>
/// Decides whether a concurrent run's results equal those of some sequential order of the same calls that keeps
/// each thread's order and the real-time order of calls that did not overlap (Herlihy and Wing; Lincheck's check).
///
/// The search is a depth-first walk over such orders. Calls whose intervals did not overlap are never reordered,
/// which leaves little to explore in most runs. Each step is verified by running the reference on the order so far
/// extended greedily (by start time) to a full order: one reference run checks a whole path, so a linearizable run
/// usually costs a single run, and a failing path tells at once how far it was right. A path whose results the model
/// already knows (<see cref="ISequentialModel.Known"/>: an earlier run of a deterministic reference began with it) is
/// checked without a run; the repetitions of one program mostly walk paths their predecessors walked.
///
/// Calls of <paramref name="orderInsensitive"/> functions (their result does not depend on the order of other calls,
/// and they change nothing other calls observe) are never branched on: one is placed as soon as it may come next,
/// which any linearization can be rearranged into, and a result of one that disagrees exactly with the reference is
/// final, since no order of the other calls could change it.
/// </summary>
public sealed class LinearizabilityChecker(int maxReferenceRuns = 2000, IReadOnlySet<string>? orderInsensitive = null)
{
    readonly IReadOnlySet<string> orderInsensitive = orderInsensitive ?? new HashSet<string>();

    public LinearizabilityVerdict Check(ConcurrentHistory history, ISequentialModel model, ResultAbstraction abstraction)
    {
        var search = new Search(history, model, new ResultMatcher(history, abstraction), maxReferenceRuns, orderInsensitive);
        try
        {
            return search.Run()
                ? new LinearizabilityVerdict.Linearizable(search.Path.ToArray(), search.Runs)
                : new LinearizabilityVerdict.NotLinearizable(
                    search.Deepest.Prefix, history[search.Deepest.Culprit], search.Deepest.Expected,
                    search.Culprits.Select(c => history[c].Function).Distinct().Order().ToArray(), search.Runs);
        }
        catch (BudgetExhausted)
        {
            return new LinearizabilityVerdict.Undecided(search.Runs);
        }
    }

    sealed class BudgetExhausted : Exception;

    sealed class Search(
        ConcurrentHistory history, ISequentialModel model, ResultMatcher matcher, int maxRuns, IReadOnlySet<string> orderInsensitive)
    {
        readonly int[] next = new int[history.Threads.Count]; // per thread, the first call not yet in Path
        readonly int total = history.CallCount;

        public List<CallId> Path { get; } = [];
        public HashSet<CallId> Culprits { get; } = [];
        public (CallId[] Prefix, CallId Culprit, string Expected) Deepest { get; private set; } = ([], default, "");
        public int Runs { get; private set; }

        // The last reference run: its order and how many of its calls agreed with the observation.
        CallId[] knownOrder = [];
        int knownGood;

        // Set when an order-insensitive call's result disagreed: no other order can explain it.
        bool settled;

        public bool Run() => Dfs();

        bool Dfs()
        {
            if (Path.Count == total) return true;
            foreach (var call in Candidates())
            {
                if (Extend(call) && Dfs()) return true;
                Retract();
                if (settled) return false;
            }
            return false;
        }

        /// <summary>
        /// The calls that may come next: each thread's next call, unless a call of another thread still to be placed
        /// finished before it started. Checking only the other threads' next calls suffices, since a later call of a
        /// thread cannot end before that thread's next call does. An order-insensitive call among them is the only
        /// candidate: placing it now instead of later changes no result.
        /// </summary>
        IEnumerable<CallId> Candidates()
        {
            var heads = Enumerable.Range(0, next.Length)
                .Where(t => next[t] < history.Threads[t].Count)
                .Select(t => history.Threads[t][next[t]])
                .ToArray();
            var admissible = heads.Where(c => !heads.Any(other => other.Precedes(c))).OrderBy(c => c.Start).ToArray();
            return admissible.FirstOrDefault(c => orderInsensitive.Contains(c.Function)) is { } free
                ? [free.Id]
                : admissible.Select(c => c.Id).ToArray();
        }

        bool Extend(CallId call)
        {
            Path.Add(call);
            next[call.Thread]++;
            if (Path.Count <= knownGood && IsPrefixOfKnownOrder()) return true;

            // A prefix an earlier run began with needs no run: its results are known.
            CallId[] order;
            IReadOnlyList<string> results;
            if (model.Known(Path) is { } known) (order, results) = (Path.ToArray(), known);
            else
            {
                if (++Runs > maxRuns) throw new BudgetExhausted();
                order = Path.Concat(GreedyCompletion()).ToArray();
                results = model.Run(order);
            }
            knownOrder = order;
            knownGood = matcher.FirstMismatch(order, results);
            if (knownGood < order.Length) RecordMismatch(order, results);
            return knownGood >= Path.Count;
        }

        void Retract()
        {
            var last = Path[^1];
            Path.RemoveAt(Path.Count - 1);
            next[last.Thread]--;
        }

        void RecordMismatch(CallId[] order, IReadOnlyList<string> results)
        {
            Culprits.Add(order[knownGood]);
            // Only an exact comparison is independent of the order: a renaming grows along it.
            if (orderInsensitive.Contains(history[order[knownGood]].Function) && matcher.ComparesExactly(order[knownGood])) settled = true;
            if (knownGood >= Deepest.Prefix.Length)
                Deepest = (order[..knownGood], order[knownGood], results[knownGood]);
        }

        bool IsPrefixOfKnownOrder()
        {
            for (int i = 0; i < Path.Count; i++)
                if (knownOrder[i] != Path[i]) return false;
            return true;
        }

        /// <summary>The rest of an order, choosing each time the admissible call that started first.</summary>
        IEnumerable<CallId> GreedyCompletion()
        {
            var saved = (int[])next.Clone();
            var rest = new List<CallId>();
            while (Path.Count + rest.Count < total)
            {
                var call = Candidates().First();
                rest.Add(call);
                next[call.Thread]++;
            }
            saved.CopyTo(next, 0);
            return rest;
        }
    }
}
