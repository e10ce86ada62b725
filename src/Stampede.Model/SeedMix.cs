namespace Stampede.Model;

/// <summary>
/// Derives the seed of one item (a campaign's n-th program, a program thread's noise) from a run's seed, the same in
/// every process. <see cref="HashCode.Combine{T1, T2}"/> would not do: it is randomized per process, so the same
/// <c>--seed</c> would give other programs in every run.
/// </summary>
public static class SeedMix
{
    /// <summary>SplitMix64's finalizer over the seed and the index: neighbouring indexes give unrelated seeds.</summary>
    public static int Of(int seed, long index)
    {
        ulong x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)index);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return unchecked((int)(x ^ (x >> 31)));
    }
}
