namespace Stampede.Execution.Coverage;

/// <summary>
/// AFL++'s coverage map as the signals write into it: 64 KiB (SharpFuzz's and AFL++'s default size), one byte per
/// slot. Signals that are not edges of the target's own code land at hashed slots, and what they write is a hit
/// count in AFL's buckets, so that they mean to AFL what an edge count means.
/// </summary>
public static class AflMap
{
    public const int Size = 1 << 16;

    /// <summary>AFL's count classes (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), one bit each: AFL keeps an input when
    /// a slot reaches a class it had not seen, not merely a new count.</summary>
    public static byte Bucket(int hits) => hits switch
    {
        <= 0 => 0,
        1 => 1,
        2 => 2,
        3 => 4,
        <= 7 => 8,
        <= 15 => 16,
        <= 31 => 32,
        <= 127 => 64,
        _ => 128,
    };

    /// <summary>The slot of <paramref name="key"/> for one signal (<paramref name="salt"/> keeps the signals' keys apart):
    /// SplitMix64's finalizer, so neighbouring keys (edge 7, edge 8) land far apart.</summary>
    public static int Slot(ulong key, ulong salt)
    {
        ulong x = unchecked(key * 0x9E3779B97F4A7C15UL + salt);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)((x ^ (x >> 31)) & (Size - 1));
    }

    /// <summary>Writes a bucketed count at a slot, keeping the larger class where two keys share the slot.</summary>
    public static void Mark(Span<byte> map, int slot, int hits)
    {
        byte bucket = Bucket(hits);
        if (bucket > map[slot]) map[slot] = bucket;
    }
}
