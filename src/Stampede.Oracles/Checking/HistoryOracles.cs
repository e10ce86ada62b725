namespace Stampede.Oracles.Checking;

/// <summary>The registration of the oracles over histories: which judge a program, in the order they are asked.</summary>
public static class HistoryOracles
{
    /// <summary>The oracles that apply to the program of <paramref name="context"/>: the harness's own invariants first,
    /// then the result oracles. Each is made here, so its per-program setup (linearizability's calibration runs the
    /// reference) happens in this order too.</summary>
    public static IReadOnlyList<IHistoryOracle> For(OracleContext context) =>
        new[]
        {
            InvariantOracle.For(context),
            LinearizabilityOracle.For(context),
            IsolationOracle.For(context),
        }.OfType<IHistoryOracle>().ToArray();
}
