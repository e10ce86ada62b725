using Stampede.Execution.Observations;

namespace Stampede.Oracles.Checking;

/// <summary>The harness's invariants (C# the harness supplies), in the order the harness lists them; the first that
/// does not hold is the failure.</summary>
public sealed class InvariantOracle : IHistoryOracle
{
    readonly OracleContext context;

    InvariantOracle(OracleContext context) => this.context = context;

    /// <summary>Null when the harness has no invariants.</summary>
    public static IHistoryOracle? For(OracleContext context) => context.Invariants.Count == 0 ? null : new InvariantOracle(context);

    public Failure? Check(ConcurrentHistory history)
    {
        foreach (var invariant in context.Invariants)
            if (invariant.Check(context.Program.Program, history) is { } broken)
                return new Failure.InvariantBroken(invariant.GetType().Name, broken, history);
        return null;
    }
}
