using Stampede.Execution.Observations;
using Stampede.Oracles.Isolation;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// Isolation (<see cref="IsolationChecker"/>), for programs whose threads share no handle and no string
/// (<see cref="ProgramShape.SharesNothing"/>). Calibration has shown which of a thread's results alone are
/// deterministic (only those are compared exactly), so one reference run per thread order serves every repetition.
/// </summary>
public sealed class IsolationOracle : IHistoryOracle
{
    readonly OracleContext context;
    readonly Dictionary<string, ResultAbstraction> aloneAbstractions = [];
    readonly Dictionary<string, IReadOnlyList<string>> aloneResults = [];

    IsolationOracle(OracleContext context) => this.context = context;

    /// <summary>Null when the program's threads share something.</summary>
    public static IHistoryOracle? For(OracleContext context) =>
        ProgramShape.SharesNothing(context.Program.Program) ? new IsolationOracle(context) : null;

    public Failure? Check(ConcurrentHistory history) =>
        IsolationChecker.Check(history, Alone, AloneAbstraction) is { } violation ? new Failure.CrossTalk(violation, history, context.Judgement) : null;

    /// <summary>One thread's results alone.</summary>
    IReadOnlyList<string> Alone(IReadOnlyList<CallId> order)
    {
        string key = string.Join(',', order);
        if (!aloneResults.TryGetValue(key, out var results)) aloneResults[key] = results = context.Reference.Run(order);
        return results;
    }

    ResultAbstraction AloneAbstraction(IReadOnlyList<CallId> order)
    {
        string key = string.Join(',', order);
        if (!aloneAbstractions.TryGetValue(key, out var a))
            aloneAbstractions[key] = a = context.Calibrate(order, new HashSet<string>());
        return a;
    }
}
