using Stampede.Execution.Coverage;
using Stampede.Execution.Observations;
using Stampede.Model.Programs;
using Stampede.Tests.Programs;

namespace Stampede.Tests.Coverage;

/// <summary>Interleaving coverage counts, per pair of functions and whether the two calls shared a handle, the
/// repetitions in which calls of different threads overlapped; and it hashes each pair to a fixed slot of the map.</summary>
public sealed class InterleavingPairsTests
{
    static readonly string[] Functions = TestModels.KvStore.Functions.Select(f => f.Name).ToArray();
    static int F(string name) => Array.IndexOf(Functions, name);

    // r0 is shared; thread 1 also opens its own store r1.
    static readonly ConcurrentProgram Program = ProgramText.Parse("""
        # stampede program v1
        library kvstore
        setup:
          r0 = kv_open("a")
        thread 0:
          kv_put(r0, "k", "v")
          kv_count(r0)
        thread 1:
          kv_get(r0, "k", buf[8], 8)
          r1 = kv_open("b")
          kv_count(r1)
        """, TestModels.KvStore);

    static ConcurrentHistory History(params (int Thread, int Position, string Function, long Start, long End)[] calls) =>
        new(calls.GroupBy(c => c.Thread).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<CallObservation>)g.OrderBy(c => c.Position)
                .Select(c => new CallObservation(new CallId(c.Thread, c.Position), c.Function, c.Start, c.End, "")).ToArray())
            .ToArray());

    [Test]
    public void Overlapping_calls_of_different_threads_count_once_per_repetition_with_whether_they_share_a_handle()
    {
        var pairs = new InterleavingPairs(Program, Functions);
        // kv_put (t0, r0) overlaps kv_get (t1, r0); kv_count(r0) (t0) overlaps kv_count(r1) (t1) and kv_open (t1).
        var overlapping = History(
            (0, 0, "kv_put", 0, 10), (0, 1, "kv_count", 10, 30),
            (1, 0, "kv_get", 5, 12), (1, 1, "kv_open", 12, 20), (1, 2, "kv_count", 20, 40));
        pairs.Add(overlapping);
        pairs.Add(overlapping);

        Assert.That(pairs.Pairs, Is.EquivalentTo(new Dictionary<ulong, int>
        {
            [InterleavingPairs.Key(F("kv_put"), F("kv_get"), sameHandle: true)] = 2,
            [InterleavingPairs.Key(F("kv_count"), F("kv_get"), sameHandle: true)] = 2,
            [InterleavingPairs.Key(F("kv_count"), F("kv_open"), sameHandle: false)] = 2,
            [InterleavingPairs.Key(F("kv_count"), F("kv_count"), sameHandle: false)] = 2,
        }));
    }

    [Test]
    public void Calls_that_do_not_overlap_or_run_on_one_thread_make_no_pair()
    {
        var pairs = new InterleavingPairs(Program, Functions);
        pairs.Add(History((0, 0, "kv_put", 0, 10), (0, 1, "kv_count", 10, 20), (1, 0, "kv_get", 20, 30), (1, 1, "kv_open", 30, 40), (1, 2, "kv_count", 40, 50)));
        Assert.That(pairs.Pairs, Is.Empty);
    }

    [Test]
    public void A_pair_is_the_same_in_either_order_and_lands_on_one_slot_inside_the_map()
    {
        Assert.That(InterleavingPairs.Key(3, 7, false), Is.EqualTo(InterleavingPairs.Key(7, 3, false)));
        Assert.That(InterleavingPairs.Key(3, 7, true), Is.Not.EqualTo(InterleavingPairs.Key(3, 7, false)));
        var slots = new HashSet<int>();
        for (int f = 0; f < 40; f++)
            for (int g = f; g < 40; g++)
                foreach (bool same in new[] { false, true })
                {
                    int slot = InterleavingPairs.Slot(InterleavingPairs.Key(f, g, same));
                    Assert.That(slot, Is.InRange(0, AflMap.Size - 1));
                    Assert.That(InterleavingPairs.Slot(InterleavingPairs.Key(g, f, same)), Is.EqualTo(slot));
                    slots.Add(slot);
                }
        Assert.That(slots, Has.Count.GreaterThan(1600 * 0.95), "1640 pairs hardly collide in 64 Ki slots");
    }

    [Test]
    public void Folding_writes_the_bucketed_repetition_count_at_each_pair_slot()
    {
        var pairs = new InterleavingPairs(Program, Functions);
        var history = History((0, 0, "kv_put", 0, 10), (0, 1, "kv_count", 10, 11), (1, 0, "kv_get", 5, 10), (1, 1, "kv_open", 12, 13), (1, 2, "kv_count", 13, 14));
        for (int i = 0; i < 5; i++) pairs.Add(history);
        var map = new byte[AflMap.Size];
        Assert.That(pairs.FoldInto(map), Is.EqualTo(1));
        Assert.That(map[InterleavingPairs.Slot(InterleavingPairs.Key(F("kv_put"), F("kv_get"), true))], Is.EqualTo(8), "5 repetitions: AFL's 4-7 class");
        Assert.That(map.Count(b => b != 0), Is.EqualTo(1));
    }
}
