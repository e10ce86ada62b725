using System.Globalization;

namespace Stampede.Sanitizers;

/// <summary>
/// The map from JIT-compiled code to managed methods that the .NET runtime writes with <c>DOTNET_PerfMapEnabled=1</c>
/// (or <c>3</c>: the map alone) to <c>/tmp/perf-PID.map</c>: one line per compiled method or stub, <c>START SIZE name</c>,
/// START and SIZE in hexadecimal (START written with <c>0x</c>, SIZE without; both are read either way). The file grows
/// while the process runs and stays after it ends. Code the runtime did not compile at run time (ReadyToRun code of
/// the framework, shown as <c>System.Private.CoreLib.dll+0x...</c>) is not in it.
/// </summary>
public sealed class PerfMap
{
    readonly PerfMapEntry[] entries; // by start

    PerfMap(PerfMapEntry[] entries) => this.entries = entries;

    public IReadOnlyList<PerfMapEntry> Entries => entries;

    /// <summary>The perf map of process <paramref name="pid"/> in <paramref name="directory"/> (<c>/tmp</c> by default), or
    /// null when there is none.</summary>
    public static PerfMap? ForProcess(int pid, string directory = "/tmp")
    {
        string path = Path.Combine(directory, $"perf-{pid}.map");
        return File.Exists(path) ? Load(path) : null;
    }

    public static PerfMap Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads a perf map's text; lines that are not <c>START SIZE name</c> are skipped (the last line of a map
    /// read while the runtime writes it may be cut short).</summary>
    public static PerfMap Parse(string text)
    {
        var list = new List<PerfMapEntry>();
        foreach (string line in text.Split('\n'))
        {
            string[] parts = line.TrimEnd('\r').Split(' ', 3);
            if (parts.Length < 3 || parts[2].Length == 0) continue;
            if (Hex(parts[0]) is { } start && Hex(parts[1]) is { } size && size > 0)
                list.Add(new PerfMapEntry(start, size, parts[2]));
        }
        // Stable: among entries at one start, the later line (code compiled again at a reused address) wins in Find.
        return new PerfMap(list.OrderBy(e => e.Start).ToArray());
    }

    /// <summary>The entry whose code contains <paramref name="address"/>: the smallest one, the latest written on a tie;
    /// null when none does.</summary>
    public PerfMapEntry? Find(ulong address)
    {
        // Last entry starting at or before the address, then back over the ones that might still contain it.
        int lo = 0, hi = entries.Length - 1, last = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (entries[mid].Start <= address) { last = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        PerfMapEntry? best = null;
        for (int i = last; i >= 0 && i > last - 4096; i--)
        {
            var e = entries[i];
            if (e.Contains(address) && (best is null || e.Size < best.Size)) best = e;
        }
        return best;
    }

    /// <summary>The method name (<see cref="PerfMapEntry.Method"/>) of the code containing <paramref name="address"/>, or null.</summary>
    public string? Resolve(ulong address) => Find(address)?.Method;

    static ulong? Hex(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        return text.Length > 0 && ulong.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong v) ? v : null;
    }
}
