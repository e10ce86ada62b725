using Stampede.Execution.Instances;

namespace Stampede.Execution.Coverage;

/// <summary>
/// Native edge coverage of a library's coverage build: SanitizerCoverage keeps one 8-bit counter per edge, and the
/// small runtime linked into that build (native/covrt) exports them. After each repetition the counters are read
/// (before anything else runs the library again), the highest count of each edge over the repetitions is kept, and
/// <see cref="FoldInto"/> writes each edge's bucketed count at its hashed slot. The counters live in the library's
/// own memory, so a reload starts them at zero; they are reset after reading anyway, for a library that stays mapped.
/// </summary>
public sealed unsafe class NativeCounters
{
    const string CountersExport = "stampede_cov_counters", ResetExport = "stampede_cov_reset";
    const ulong Salt = 0x6e61746976650000; // "native"

    byte[] highest = [];

    /// <summary>Whether the loaded library is a coverage build (exports the counters).</summary>
    public static bool IsAvailable(LibraryInstance instance) => instance.Export(CountersExport) != 0;

    /// <summary>Reads and resets the counters of the library as loaded now.</summary>
    public void Collect(LibraryInstance instance)
    {
        nint counters = instance.Export(CountersExport), reset = instance.Export(ResetExport);
        if (counters == 0) return;
        nuint length;
        byte* start = ((delegate* unmanaged<nuint*, byte*>)counters)(&length);
        if (start == null) return;
        Collect(new ReadOnlySpan<byte>(start, checked((int)length)));
        if (reset != 0) ((delegate* unmanaged<void>)reset)();
    }

    /// <summary>Takes in one repetition's counters.</summary>
    public void Collect(ReadOnlySpan<byte> counters)
    {
        if (highest.Length < counters.Length) Array.Resize(ref highest, counters.Length);
        for (int i = 0; i < counters.Length; i++)
            if (counters[i] > highest[i]) highest[i] = counters[i];
    }

    /// <summary>Writes every edge seen into <paramref name="map"/>; returns how many edges that was.</summary>
    public int FoldInto(Span<byte> map)
    {
        int edges = 0;
        for (int i = 0; i < highest.Length; i++)
        {
            if (highest[i] == 0) continue;
            AflMap.Mark(map, AflMap.Slot((ulong)i, Salt), highest[i]);
            edges++;
        }
        return edges;
    }

    public void Clear() => Array.Clear(highest);
}
