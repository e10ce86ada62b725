namespace Stampede.Execution.Running;

/// <summary>How a program is hammered: repetitions (each from fresh library state), noise between calls (the
/// probability of a random delay before each call), the seed of that noise, and how long one repetition may take
/// before it counts as hung. The defaults of noise and of the hang limit are declared here once, for every command,
/// campaign and worker.</summary>
public sealed record StressOptions(int Repetitions = 50, double Noise = StressOptions.DefaultNoise, int Seed = 1, TimeSpan? HangTimeout = null)
{
    /// <summary>The chance of a random delay before each call unless a run says otherwise.</summary>
    public const double DefaultNoise = 0.3;

    /// <summary>A repetition (or systematic iteration) that takes longer is a hang unless a run says otherwise.</summary>
    public static TimeSpan DefaultHang { get; } = TimeSpan.FromSeconds(3);

    public TimeSpan Hang => HangTimeout ?? DefaultHang;
}
