using Stampede.Model;

namespace Stampede.Execution.Systematic;

/// <summary>
/// How the scheduling runtime chooses one iteration's interleaving inside calls (a schedule build): a strategy of its
/// own, run in C (a Coyote decision reached from native code costs about 1000 times a native point:
/// native/schedrt/README.md), with its parameter and a seed derived from the run's seed and the iteration's number.
/// </summary>
public sealed record NativeStrategy(NativeStrategyKind Kind, int Param, ulong Seed)
{
    /// <summary>PCT's bug depth by default: on SCTBench PCT with d = 3 found every bug any other technique found but one,
    /// and the samples' lost reference-count updates need two preemptions (d = 2 misses them).</summary>
    public const int DefaultDepth = 3;

    /// <summary>The probabilistic strategy's switch probability, in thousandths.</summary>
    public const int DefaultSwitchPerMille = 100;

    /// <summary>Iteration <paramref name="iteration"/> of a run with <paramref name="strategy"/> (one of
    /// <see cref="SystematicStrategy.Names"/>; the portfolio is PCT here, the strategy that reaches every sample
    /// group) and <paramref name="seed"/>.</summary>
    public static NativeStrategy At(string strategy, int seed, int iteration)
    {
        ulong mixed = unchecked((ulong)(uint)SeedMix.Of(seed, iteration));
        return strategy switch
        {
            SystematicStrategy.Portfolio or SystematicStrategy.Pct => new(NativeStrategyKind.Pct, DefaultDepth, mixed),
            SystematicStrategy.Random => new(NativeStrategyKind.Random, 0, mixed),
            SystematicStrategy.Probabilistic => new(NativeStrategyKind.Switch, DefaultSwitchPerMille, mixed),
            _ => throw new ArgumentException($"unknown strategy '{strategy}': {string.Join(", ", SystematicStrategy.Names)}"),
        };
    }

    /// <summary>The name a recorded schedule gives it: <c>native-pct:3</c>, <c>native-random</c>, <c>native-switch:100</c>.</summary>
    public string Name => Kind switch
    {
        NativeStrategyKind.Pct or NativeStrategyKind.Switch => $"{Prefix}{Kind.ToString().ToLowerInvariant()}:{Param}",
        _ => Prefix + Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>What starts the name of every native strategy, telling its schedules from Coyote's.</summary>
    public const string Prefix = "native-";
}
