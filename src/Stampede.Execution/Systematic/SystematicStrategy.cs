using Stampede.Model;

namespace Stampede.Execution.Systematic;

/// <summary>
/// How a systematic run chooses each iteration's <see cref="IterationSchedule"/>. Every iteration is its own Coyote
/// test of one iteration, seeded from the run's seed and the iteration's number, so that any iteration can be run again
/// on its own. <c>portfolio</c> rotates through the strategies Coyote's own portfolio runs (random, prioritization with
/// 5 and 10 change points, probabilistic with 2 and 3), one per iteration, as Coyote's engine does.
/// </summary>
public static class SystematicStrategy
{
    public const string Random = "random", Pct = "pct", Probabilistic = "probabilistic", Portfolio = "portfolio";

    public static IReadOnlyList<string> Names { get; } = [Portfolio, Random, Pct, Probabilistic];

    static readonly string[] PortfolioRotation = ["random", "pct:5", "pct:10", "probabilistic:2", "probabilistic:3"];

    /// <summary>The schedule of iteration <paramref name="iteration"/> of a run with <paramref name="strategy"/> and
    /// <paramref name="seed"/>.</summary>
    public static IterationSchedule At(string strategy, int seed, int iteration)
    {
        string concrete = strategy switch
        {
            Portfolio => PortfolioRotation[iteration % PortfolioRotation.Length],
            Random => "random",
            Pct => "pct:5",
            Probabilistic => "probabilistic:2",
            _ => throw new ArgumentException($"unknown strategy '{strategy}': {string.Join(", ", Names)}"),
        };
        return new IterationSchedule(concrete, unchecked((uint)SeedMix.Of(seed, iteration)));
    }
}
