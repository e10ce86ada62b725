using System.Runtime.InteropServices;
using Stampede.Execution.Coverage;
using Stampede.Execution.Instances;

namespace Stampede.Tests.Coverage;

/// <summary>Native edge counters are folded into AFL++'s map the way AFL++ reads counts: the highest count of each edge
/// over a program's repetitions, in AFL's buckets, at a fixed hashed slot per edge.</summary>
public sealed class NativeCountersTests
{
    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 4)]
    [TestCase(4, 8)]
    [TestCase(7, 8)]
    [TestCase(8, 16)]
    [TestCase(15, 16)]
    [TestCase(16, 32)]
    [TestCase(31, 32)]
    [TestCase(32, 64)]
    [TestCase(127, 64)]
    [TestCase(128, 128)]
    [TestCase(255, 128)]
    public void Counts_fall_in_AFLs_buckets(int hits, int bucket) => Assert.That(AflMap.Bucket(hits), Is.EqualTo(bucket));

    [Test]
    public void Each_edge_keeps_its_highest_count_over_the_repetitions_in_its_bucket_at_its_slot()
    {
        var counters = new NativeCounters();
        counters.Collect([0, 1, 5, 0]);
        counters.Collect([0, 3, 2, 0, 200]); // a longer table: the library's counters as read after a reload
        var map = new byte[AflMap.Size];

        Assert.That(counters.FoldInto(map), Is.EqualTo(3), "edges 1, 2 and 4 ran");
        var slots = Enumerable.Range(0, 5).Select(i => map[SlotOf(i)]).ToArray();
        Assert.That(slots, Is.EqualTo(new byte[] { 0, 4, 8, 0, 128 }), "max(1,3)=3 → 4; max(5,2)=5 → 8; 200 → 128");
        Assert.That(map.Count(b => b != 0), Is.EqualTo(3), "nothing else is written");

        counters.Clear();
        Array.Clear(map);
        Assert.That(counters.FoldInto(map), Is.Zero);
    }

    [Test]
    public void A_slot_shared_with_another_signal_keeps_the_higher_class()
    {
        var map = new byte[AflMap.Size];
        int slot = AflMap.Slot(42, 7);
        AflMap.Mark(map, slot, 20);
        AflMap.Mark(map, slot, 2);
        Assert.That(map[slot], Is.EqualTo(32));
    }

    [Test]
    public unsafe void Counters_of_the_coverage_build_are_read_and_reset_through_the_loaded_library()
    {
        using var instance = LibraryInstance.Load(RepoPaths.SampleLibrary("kvstore", "coverage"));
        Assert.That(NativeCounters.IsAvailable(instance), Is.True);
        var open = (delegate* unmanaged<byte*, nint>)instance.Export("kv_open");
        var close = (delegate* unmanaged<nint, void>)instance.Export("kv_close");
        var counters = new NativeCounters();
        counters.Collect(instance); // what loading ran, then reset

        byte[] name = "cov\0"u8.ToArray();
        fixed (byte* n = name) close(open(n));
        counters.Clear();
        counters.Collect(instance);
        var map = new byte[AflMap.Size];
        int afterCalls = counters.FoldInto(map);
        Assert.That(afterCalls, Is.GreaterThan(2), "kv_open and kv_close ran instrumented edges");

        counters.Clear();
        counters.Collect(instance);
        Assert.That(counters.FoldInto(new byte[AflMap.Size]), Is.Zero, "reading reset the counters");

        using var plain = LibraryInstance.Load(RepoPaths.SampleLibrary("kvstore"));
        Assert.That(NativeCounters.IsAvailable(plain), Is.False, "the plain build has no counters");
    }

    /// <summary>The slot of edge <paramref name="edge"/>, found the way the map is read: fold that edge alone.</summary>
    static int SlotOf(int edge)
    {
        var one = new NativeCounters();
        var counters = new byte[edge + 1];
        counters[edge] = 1;
        one.Collect(counters);
        var map = new byte[AflMap.Size];
        one.FoldInto(map);
        return Array.FindIndex(map, b => b != 0);
    }
}
