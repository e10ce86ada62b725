namespace Stampede.Execution.Running;

/// <summary>How a program is hammered: repetitions (each from fresh library state), noise between calls (the
/// probability of a random delay before each call), the seed of that noise, and how long one repetition may take
/// before it counts as hung.</summary>
public sealed record StressOptions(int Repetitions = 50, double Noise = 0.25, int Seed = 1, TimeSpan? HangTimeout = null)
{
    public TimeSpan Hang => HangTimeout ?? TimeSpan.FromSeconds(5);
}
