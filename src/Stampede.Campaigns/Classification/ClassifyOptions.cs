namespace Stampede.Campaigns.Classification;

/// <summary>How hard <c>classify</c> tries each experiment: <see cref="Runs"/> worker runs of
/// <see cref="Repetitions"/> repetitions in each mode, each thread making <see cref="CallsPerThread"/> calls of its
/// function; programs generated from <see cref="Seed"/>. A run that takes longer than <see cref="Hang"/> is a hang.</summary>
public sealed record ClassifyOptions(int Runs, int Repetitions, int CallsPerThread, int Seed, TimeSpan Hang)
{
    public const int DefaultRuns = 2, DefaultRepetitions = 300, DefaultCallsPerThread = 4;
}
