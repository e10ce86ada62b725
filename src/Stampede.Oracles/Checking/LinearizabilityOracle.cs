using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// Linearizability against the library itself. Calibration (which results are compared exactly, which up to
/// renaming or not at all) runs once, when the oracle is made; a history whose results equal an earlier linearizable
/// one, and whose timing admits the same order, is accepted without running anything.
/// </summary>
public sealed class LinearizabilityOracle : IHistoryOracle
{
    readonly ReferenceModel model;
    readonly OracleContext context;
    readonly LinearizabilityChecker checker;
    readonly ResultAbstraction abstraction;
    readonly Dictionary<string, IReadOnlyList<CallId>> explained = [];

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

    public Failure? Check(ConcurrentHistory history)
    {
        if (Undecidable) return null;
        string results = string.Join('\n', history.Calls.Select(c => c.Result));
        if (explained.TryGetValue(results, out var order) && Admits(history, order)) return null;
        switch (checker.Check(history, model, abstraction))
        {
            case LinearizabilityVerdict.NotLinearizable failed:
                return new Failure.NotLinearizable(failed, history, context.Judgement);
            case LinearizabilityVerdict.Linearizable ok:
                explained[results] = ok.Order;
                break;
            case LinearizabilityVerdict.Undecided:
                // A history too entangled to decide within budget will be again: stop paying for this program's
                // searches (crashes, hangs and the other oracles still apply).
                Undecidable = true;
                break;
        }
        return null;
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
