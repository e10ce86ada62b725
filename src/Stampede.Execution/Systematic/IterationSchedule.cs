using Microsoft.Coyote;

namespace Stampede.Execution.Systematic;

/// <summary>
/// What decides one systematic iteration's interleaving: one of Coyote's exploration strategies and its seed. A run
/// with the same schedule and the same program makes the same choices, so an iteration is replayed from these two
/// values alone (how a crash that killed the worker is traced afterwards); Coyote's trace replays it without them.
/// </summary>
/// <param name="Strategy"><c>random</c>, <c>pct:N</c> (prioritization with N priority change points) or
/// <c>probabilistic:N</c> (Coyote's probabilistic random strategy with bound N).</param>
public sealed record IterationSchedule(string Strategy, uint Seed)
{
    public Configuration Configure()
    {
        var configuration = CoyoteSettings.Base()
            .WithTestingIterations(1)
            .WithRandomGeneratorSeed(Seed)
            // A program's threads are finite; this bound only stops a schedule that never ends (a spinning library).
            .WithMaxSchedulingSteps(20_000);
        var (name, bound) = Split(Strategy);
        return name switch
        {
            "random" => configuration.WithRandomStrategy(),
            "pct" => configuration.WithPrioritizationStrategy(false, bound),
            "probabilistic" => configuration.WithProbabilisticStrategy(bound),
            _ => throw new ArgumentException($"unknown strategy '{Strategy}'"),
        };
    }

    static (string Name, uint Bound) Split(string strategy)
    {
        int colon = strategy.IndexOf(':');
        return colon < 0 ? (strategy, 0) : (strategy[..colon], uint.Parse(strategy[(colon + 1)..]));
    }
}
