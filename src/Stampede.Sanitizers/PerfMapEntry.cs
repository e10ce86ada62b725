namespace Stampede.Sanitizers;

/// <summary>
/// One line of a perf map: code at <see cref="Start"/>, <see cref="Size"/> bytes long, and its name as the runtime wrote
/// it (<c>valuetype Stampede.Harnesses.Kvstore.kv_status [Stampede.Harness.kvstore] Stampede.Harnesses.Kvstore.Native::kv_get(...)[QuickJitted]</c>,
/// or <c>stub ...</c> for runtime stubs).
/// </summary>
public sealed record PerfMapEntry(ulong Start, ulong Size, string Name)
{
    public bool Contains(ulong address) => address >= Start && address - Start < Size;

    /// <summary>The method without return type, assembly, parameters and tier: <c>Stampede.Harnesses.Kvstore.Native::kv_get</c>
    /// (the whole name when it is not a method's).</summary>
    public string Method
    {
        get
        {
            int colons = Name.IndexOf("::", StringComparison.Ordinal);
            if (colons < 0) return Name;
            int open = Name.IndexOf('(', colons);
            int end = open < 0 ? Name.Length : open;
            int begin = Name.LastIndexOf(' ', colons) + 1;
            return Name[begin..end];
        }
    }
}
