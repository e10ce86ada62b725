namespace Stampede.Model.Programs;

/// <summary>Choices from a seeded pseudo-random generator: the same seed gives the same programs.</summary>
public sealed class RandomChoiceSource(int seed) : IChoiceSource
{
    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int Choose(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return _random.Next(count);
    }

    public long Bits64() => _random.NextInt64(long.MinValue, long.MaxValue);
}
