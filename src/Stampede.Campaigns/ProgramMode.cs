using Stampede.Execution.Running;
using Stampede.Execution.Systematic;

namespace Stampede.Campaigns;

/// <summary>
/// How a campaign runs each program, one of two: <see cref="Stress"/> (real threads released together, many
/// repetitions, with noise) or <see cref="Systematic"/> (Coyote chooses the order of calls, many schedules). The one
/// place where each mode's defaults are declared.
/// </summary>
public abstract record ProgramMode
{
    ProgramMode() { }

    /// <summary>Every program's threads released together by a spin barrier, <paramref name="Repetitions"/> times, each
    /// from fresh library state; <paramref name="Noise"/> is the chance of a yield or spin between calls. With
    /// <paramref name="Hammer"/>, part of the time goes to the hammer phase (<see cref="PhaseBalance"/>).</summary>
    public sealed record Stress(int Repetitions = Stress.DefaultRepetitions, double Noise = StressOptions.DefaultNoise, bool Hammer = true) : ProgramMode
    {
        public const int DefaultRepetitions = 200;
    }

    /// <summary>Coyote interleaves the calls: <paramref name="Iterations"/> schedules per program, chosen by
    /// <paramref name="Strategy"/> (<see cref="SystematicStrategy"/>); every finding gets a replayable trace.</summary>
    public sealed record Systematic(string Strategy = SystematicStrategy.Portfolio, int Iterations = Systematic.DefaultIterations) : ProgramMode
    {
        public const int DefaultIterations = 100;
    }

    /// <summary>What progress lines and the campaign's first line say about the mode.</summary>
    public string Describe() => this switch
    {
        Systematic s => $"systematic mode ({s.Strategy}, {s.Iterations} iterations per program)",
        Stress s => $"stress mode ({s.Repetitions} repetitions per program{(s.Hammer ? ", a hammer phase" : "")})",
        _ => throw new InvalidOperationException(),
    };
}
