namespace Stampede.Oracles.Process;

/// <summary>
/// The one line the scheduling runtime's heap guard (native/schedrt/heapguard.h) writes on a schedule build's stderr
/// before it aborts the worker: "stampede-schedrt: heap-use-after-free: 4-byte read of 0x… by program thread 0 at
/// libobjcache.so+0x1435 (obj_release), 0 bytes into a 80-byte block freed by program thread 1 at …". The crash's
/// frames say where; this line says what the access was and which thread freed the block, so it goes into the
/// finding's summary.
/// </summary>
public static class HeapGuardReport
{
    public const string Prefix = "stampede-schedrt: ";

    /// <summary>The guard's line in <paramref name="stderr"/>, or null.</summary>
    public static string? Line(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
}
