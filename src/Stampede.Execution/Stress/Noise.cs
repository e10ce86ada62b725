namespace Stampede.Execution.Stress;

/// <summary>
/// Random delays between calls (busy spins of varying length and occasional yields), as ConTest and jcstress
/// use to shift threads against each other so that different interleavings get a chance. Seeded per thread:
/// the same seed gives the same delays (not the same schedule: the OS still decides that).
/// </summary>
public sealed class Noise(int seed, double probability)
{
    readonly Random random = new(seed);

    public static Noise None { get; } = new(0, 0);

    /// <summary>Maybe delays the calling thread; returns whether it did (the next call then needs its own start time).</summary>
    public bool Between()
    {
        if (probability <= 0 || random.NextDouble() >= probability) return false;
        if (random.Next(8) == 0) Thread.Yield();
        else Thread.SpinWait(random.Next(1, 400));
        return true;
    }
}
