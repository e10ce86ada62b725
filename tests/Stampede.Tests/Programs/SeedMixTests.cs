using Stampede.Model;

namespace Stampede.Tests.Programs;

/// <summary>A campaign's <c>--seed</c> must give the same programs in every process and every run: the derived seeds
/// are pinned here (HashCode.Combine, randomized per process, once made them differ from run to run).</summary>
public class SeedMixTests
{
    [TestCase(1, 0, 2065550767)]
    [TestCase(1, 1, -1996333887)]
    [TestCase(7, 42, 1161260381)]
    public void Derived_seeds_are_the_same_in_every_process(int seed, long index, int expected) =>
        Assert.That(SeedMix.Of(seed, index), Is.EqualTo(expected));

    [Test]
    public void Neighbouring_indexes_give_distinct_seeds() =>
        Assert.That(Enumerable.Range(0, 10_000).Select(i => SeedMix.Of(1, i)).Distinct().Count(), Is.EqualTo(10_000));
}
