using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;
using Stampede.Model.Programs;
using Stampede.Oracles.Isolation;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// Judges the histories of one program's repetitions: the harness's own invariants first, then the result oracles —
/// linearizability always, isolation when the threads share no handle and no string. The reference is the library itself (<see cref="SequentialExecutor"/>,
/// from fresh state each time). Calibration runs once per program; a history whose results equal an earlier
/// linearizable one, and whose timing admits the same order, is accepted without running anything.
/// </summary>
public sealed class ProgramChecker : IDisposable
{
    readonly PreparedProgram program;
    readonly SequentialExecutor reference;
    readonly Model model;
    readonly LinearizabilityChecker linearizability;
    readonly ResultAbstraction abstraction;
    readonly bool isolated;
    readonly Dictionary<string, IReadOnlyList<CallId>> explained = [];
    readonly Dictionary<string, ResultAbstraction> aloneAbstractions = [];
    readonly Dictionary<string, IReadOnlyList<string>> aloneResults = [];

    public int ReferenceRuns => model.Runs;

    /// <summary>Set once a linearizability search ran out of budget; later histories skip that oracle.</summary>
    public bool Undecidable { get; private set; }

    readonly IReadOnlyList<IHarnessInvariant> invariants;

    public ProgramChecker(NativeTarget target, PreparedProgram program, IReadOnlyList<IHarnessInvariant>? invariants = null,
        int maxReferenceRuns = 2000, CallBoard? board = null)
    {
        this.program = program;
        this.invariants = invariants ?? [];
        reference = new SequentialExecutor(target, program, board);
        model = new Model(reference);
        var orderInsensitive = target.Model.Functions.Where(f => f.OrderInsensitive is not null).Select(f => f.Name).ToHashSet();
        linearizability = new LinearizabilityChecker(maxReferenceRuns, orderInsensitive);
        var nondeterministic = target.Model.Functions.Where(f => f.Nondeterministic is not null).Select(f => f.Name).ToHashSet();
        abstraction = Calibrate(program.ProgramOrder(), nondeterministic);
        isolated = ProgramShape.SharesNothing(program.Program);
    }

    /// <summary>The failure this history shows, or null.</summary>
    public Failure? Check(ConcurrentHistory history)
    {
        // Builds the observations now, while the executor still holds their records: a failure keeps the history.
        _ = history.Threads;
        foreach (var invariant in invariants)
            if (invariant.Check(program.Program, history) is { } broken)
                return new Failure.InvariantBroken(invariant.GetType().Name, broken, history);
        string results = string.Join('\n', history.Calls.Select(c => c.Result));
        if (!Undecidable && !(explained.TryGetValue(results, out var order) && Admits(history, order)))
        {
            switch (linearizability.Check(history, model, abstraction))
            {
                case LinearizabilityVerdict.NotLinearizable failed:
                    return new Failure.NotLinearizable(failed, history);
                case LinearizabilityVerdict.Linearizable ok:
                    explained[results] = ok.Order;
                    break;
                case LinearizabilityVerdict.Undecided:
                    // A history too entangled to decide within budget will be again: stop paying for this program's
                    // searches (crashes, hangs and the other oracles still apply).
                    Undecidable = true;
                    break;
            }
        }
        if (isolated && IsolationChecker.Check(history, Alone, AloneAbstraction) is { } violation)
            return new Failure.CrossTalk(violation, history);
        return null;
    }

    /// <summary>One thread's results alone. Calibration has shown which of them are deterministic (only those are
    /// compared exactly), so one run per thread order serves every repetition.</summary>
    IReadOnlyList<string> Alone(IReadOnlyList<CallId> order)
    {
        string key = string.Join(',', order);
        if (!aloneResults.TryGetValue(key, out var results)) aloneResults[key] = results = model.Run(order);
        return results;
    }

    ResultAbstraction AloneAbstraction(IReadOnlyList<CallId> order)
    {
        string key = string.Join(',', order);
        if (!aloneAbstractions.TryGetValue(key, out var a))
            aloneAbstractions[key] = a = Calibrate(order, new HashSet<string>());
        return a;
    }

    ResultAbstraction Calibrate(IReadOnlyList<CallId> order, IReadOnlySet<string> nondeterministic) =>
        ResultAbstraction.Calibrate(model, order, id => program[id].Name, nondeterministic.Contains);

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

    public void Dispose() => reference.Dispose();

    /// <summary>The library as the oracles' sequential model, counting its runs.</summary>
    sealed class Model(SequentialExecutor executor) : ISequentialModel
    {
        public int Runs { get; private set; }

        public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
        {
            Runs++;
            return executor.Run(order);
        }
    }
}
