namespace Stampede.Oracles.Process;

/// <summary>
/// The one line the scheduling runtime's heap guard (native/schedrt/heapguard.h) writes on a schedule build's stderr
/// before it aborts the worker: "stampede-schedrt: heap-use-after-free: 4-byte read of 0x… by program thread 0 at
/// libobjcache.so+0x1435 (obj_release), 0 bytes into a 80-byte block freed by program thread 1 at …". The crash's
/// frames say where; this line says what the access was and which thread freed the block, so it goes into the
/// finding's summary.
/// </summary>
public static partial class HeapGuardReport
{
    public const string Prefix = "stampede-schedrt: ";

    /// <summary>The guard's line in <paramref name="stderr"/>, or null.</summary>
    public static string? Line(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));

    /// <summary>What the guard saw ("heap-use-after-free", "heap-buffer-overflow", "double-free", "invalid-free"), or
    /// null when there is no guard line: a crash's signature names it instead of the SIGABRT it ended with.</summary>
    public static string? Kind(string stderr) =>
        Line(stderr) is { } line && line.IndexOf(':', Prefix.Length) is var colon and > 0 ? line[Prefix.Length..colon] : null;

    /// <summary>The program thread whose access (or free) the guard reported, or null (no guard line, or a thread outside
    /// the run: -1). The guard aborts on that thread itself, so it is the thread that crashed, whether or not the crash
    /// report could tell which thread that was.</summary>
    public static int? AccessingThread(string stderr) =>
        Line(stderr) is { } line ? Thread(AccessBy().Match(line)) : null;

    /// <summary>The program thread that freed the block the reported access or free touched, or null (an overflow, or
    /// no guard line): the other side of a use after free, whether or not it is still inside a call.</summary>
    public static int? FreeingThread(string stderr) =>
        Line(stderr) is { } line ? Thread(FreedBy().Match(line)) : null;

    /// <summary>The program thread a match captured; null for none, for -1 (no program thread) and for digits no
    /// thread has (whatever else printed a line like the guard's).</summary>
    static int? Thread(System.Text.RegularExpressions.Match m) =>
        m.Success && int.TryParse(m.Groups[1].ValueSpan, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out int thread) && thread >= 0 ? thread : null;

    // The access is the line's first "by program thread", before the block's account ("freed by program thread …").
    [System.Text.RegularExpressions.GeneratedRegex(@"^stampede-schedrt: [a-z-]+: [^,]*? by program thread (-?\d+) at ")]
    private static partial System.Text.RegularExpressions.Regex AccessBy();

    [System.Text.RegularExpressions.GeneratedRegex(@"freed by program thread (-?\d+) ")]
    private static partial System.Text.RegularExpressions.Regex FreedBy();
}
