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

    /// <summary>The program thread that freed the block the reported access or free touched, or null (an overflow, or
    /// no guard line): the other side of a use after free, whether or not it is still inside a call.</summary>
    public static int? FreeingThread(string stderr) =>
        Line(stderr) is { } line && FreedBy().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"freed by program thread (\d+) ")]
    private static partial System.Text.RegularExpressions.Regex FreedBy();
}
