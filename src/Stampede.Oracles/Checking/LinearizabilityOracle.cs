using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// Linearizability against the library itself. Calibration (which results are compared exactly, which up to
/// renaming or not at all) runs once, when the oracle is made; a history whose results equal an earlier linearizable
/// one, and whose timing admits one of the orders that explained them, is accepted without running anything. Stress
/// repetitions repeat a few result vectors under many timings (measured on the samples: 98 % of repetitions repeat a
/// result vector, and one explaining order kept per vector sent half of them to a search), so several orders are kept.
/// </summary>
public sealed class LinearizabilityOracle : IHistoryOracle
{
    readonly ReferenceModel model;
    readonly OracleContext context;
    readonly LinearizabilityChecker checker;
    readonly ResultAbstraction abstraction;
    readonly Dictionary<string, List<IReadOnlyList<CallId>>> explained = [];

    /// <summary>The most explaining orders kept per result vector: each is tried before a search.</summary>
    const int OrdersPerResults = 16;

    LinearizabilityOracle(OracleContext context)
    {
        this.context = context;
        model = context.Reference;
        var functions = context.Api.Functions;
        checker = new LinearizabilityChecker(context.MaxReferenceRuns,
            functions.Where(f => f.OrderInsensitive is not null).Select(f => f.Name).ToHashSet());
        var nondeterministic = functions.Where(f => f.Nondeterministic is not null).Select(f => f.Name).ToHashSet();
        abstraction = context.Calibrate(context.Program.ProgramOrder(), nondeterministic);
    }

    public static IHistoryOracle For(OracleContext context) => new LinearizabilityOracle(context);

    /// <summary>Set once a search ran out of budget; later histories are not searched.</summary>
    public bool Undecidable { get; private set; }

    static long tChecks, tHits, tSearch, tRuns, tNewKey;
    static LinearizabilityOracle() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        File.AppendAllText("/tmp/tempstat.txt", $"TEMPSTAT checks {tChecks} hits {tHits} search {tSearch} newkey {tNewKey} runs {tRuns}\n");
    public Failure? Check(ConcurrentHistory history)
    {
        if (Undecidable) return null;
        tChecks++;
        string results = string.Join('\n', history.Calls.Select(c => c.Result));
        if (explained.TryGetValue(results, out var orders) && orders.Any(order => Admits(history, order))) { tHits++; return null; }
        tSearch++; if (orders is null) tNewKey++;
        int before = model.Runs;
        try {
        switch (checker.Check(history, model, abstraction))
        {
            case LinearizabilityVerdict.NotLinearizable failed:
                return new Failure.NotLinearizable(failed, history, context.Judgement);
            case LinearizabilityVerdict.Linearizable ok:
                if (!explained.TryGetValue(results, out var known)) explained[results] = known = [];
                if (known.Count < OrdersPerResults) known.Add(ok.Order);
                break;
            case LinearizabilityVerdict.Undecided:
                // A history too entangled to decide within budget will be again: stop paying for this program's
                // searches (crashes, hangs and the other oracles still apply).
                Undecidable = true;
                break;
        }
        return null;
        } finally { tRuns += model.Runs - before; }
    }

    /// <summary>Whether <paramref name="order"/> keeps the real-time order of this history's calls: no call ends
    /// before a call placed ahead of it started, i.e. each call ends no earlier than the latest start ahead of it.</summary>
    static bool Admits(ConcurrentHistory history, IReadOnlyList<CallId> order)
    {
        long latestStart = long.MinValue;
        foreach (var id in order)
        {
            var call = history[id];
            if (call.End < latestStart) return false;
            latestStart = Math.Max(latestStart, call.Start);
        }
        return true;
    }
}
