using Stampede.Execution.Observations;
using Stampede.Model.Programs;

namespace Stampede.Execution.Coverage;

/// <summary>
/// Interleaving coverage: which pairs of functions were seen running at the same time on different threads, and
/// whether the two calls took a handle in common (a race on one object, or on hidden global state). Over a program's
/// repetitions each pair counts the repetitions that showed it; <see cref="FoldInto"/> writes that count, bucketed,
/// at the pair's hashed slot. So a program that makes two functions overlap for the first time (or much more often)
/// is new to AFL even when it reaches no new edge, as Conzzer's concurrent call pairs and MUZZ's thread context keep
/// such inputs. Overlap is judged on the executor's call intervals, which extend back to the end of the thread's
/// previous call: a pair may count that missed by that bookkeeping gap (tens of nanoseconds), never the reverse.
/// </summary>
public sealed class InterleavingPairs
{
    const ulong Salt = 0x696e746572000000; // "inter"

    readonly Dictionary<string, int> functionIndex;
    readonly int[][][] handles; // per thread and call, the handles it takes
    readonly Dictionary<ulong, int> repetitions = [];
    readonly HashSet<ulong> seen = [];
    readonly List<CallObservation> calls = [];

    public InterleavingPairs(ConcurrentProgram program, IReadOnlyList<string> functions)
    {
        functionIndex = functions.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i);
        handles = program.Threads.Select(t => t.Calls.Select(c => c.Arguments.OfType<HandleArgument>().Select(h => h.Handle).ToArray()).ToArray()).ToArray();
    }

    /// <summary>The pairs one repetition showed.</summary>
    public void Add(ConcurrentHistory history)
    {
        calls.Clear();
        calls.AddRange(history.Calls);
        calls.Sort((a, b) => a.Start.CompareTo(b.Start));
        seen.Clear();
        for (int i = 0; i < calls.Count; i++)
        {
            var a = calls[i];
            // Sorted by start: the calls that overlap a are the later-starting ones that start before it ends.
            for (int j = i + 1; j < calls.Count && calls[j].Start < a.End; j++)
            {
                var b = calls[j];
                if (b.Id.Thread == a.Id.Thread) continue;
                ulong key = Key(Index(a.Function), Index(b.Function), SharesHandle(a.Id, b.Id));
                if (seen.Add(key)) repetitions[key] = repetitions.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>The pairs seen so far, with the repetitions that showed each.</summary>
    public IReadOnlyDictionary<ulong, int> Pairs => repetitions;

    /// <summary>A pair's key: the two function indexes in either order, and whether they shared a handle.</summary>
    public static ulong Key(int function, int other, bool sameHandle) =>
        ((ulong)(uint)Math.Min(function, other) << 33) | ((ulong)(uint)Math.Max(function, other) << 1) | (sameHandle ? 1UL : 0);

    public static int Slot(ulong key) => AflMap.Slot(key, Salt);

    /// <summary>Writes every pair seen into <paramref name="map"/>; returns how many pairs that was.</summary>
    public int FoldInto(Span<byte> map)
    {
        foreach (var (key, count) in repetitions) AflMap.Mark(map, Slot(key), count);
        return repetitions.Count;
    }

    int Index(string function) => functionIndex.TryGetValue(function, out int i) ? i : functionIndex.Count;

    bool SharesHandle(CallId a, CallId b)
    {
        var mine = handles[a.Thread][a.Position];
        if (mine.Length == 0) return false;
        foreach (int h in handles[b.Thread][b.Position])
            if (Array.IndexOf(mine, h) >= 0) return true;
        return false;
    }
}
