using Stampede.Model;
using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>Findings shaped like what the engine reports on the kvstore sample, and a temporary corpus per test.</summary>
internal static class SampleFindings
{
    public const string Program = """
        # stampede program v1
        library kvstore
        setup:
          r0 = kv_open("shared")
        thread 0:
          kv_put(r0, "k1", "v1")
          kv_get(r0, "k1", buf[64], 64)
        thread 1:
          kv_delete(r0, "k1")

        """;

    public static string OtherProgram(int n) => Program.Replace("\"k1\"", $"\"k{n + 2}\"");

    /// <param name="sourceFile">A file the innermost frame points into, line 2, to check that reports quote it.</param>
    public static Finding Crash(string signature = "crash:kv_get>find", string? program = null, string? sourceFile = null) => new(
        FindingKind.Crash,
        signature,
        "t0 crashed with SIGSEGV in find",
        "libkvstore.so",
        program ?? Program,
        [
            new ThreadTimeline("setup", [new TimedCall("kv_open", 0, 12, "r0")], null),
            new ThreadTimeline("t0", [new TimedCall("kv_put", 20, 41, "KV_OK"), new TimedCall("kv_get", 45, null, null)], InFlight: 1),
            new ThreadTimeline("t1", [new TimedCall("kv_delete", 22, 60, "KV_OK")], null),
        ],
        [
            new Stack("t0 in kv_get (crashed)",
            [
                new Frame("find", sourceFile is null ? "kvstore.c:88:12" : $"{sourceFile}:2:5", "libkvstore.so"),
                new Frame("kv_get", "kvstore.c:120", "libkvstore.so"),
                new Frame(null, null, "libc.so.6"),
            ]),
        ],
        "./stampede repro --harness harnesses/kvstore " + FindingStore.FindingDirectoryPlaceholder,
        new Dictionary<string, string> { ["signal"] = "SIGSEGV", ["seed"] = "42" });

    public static Finding NotLinearizable() => Crash() with
    {
        Kind = FindingKind.NotLinearizable,
        Signature = "not-linearizable:kv_get,kv_put",
        Summary = "kv_get (t0.1) returned \"\"; no sequential order gives that",
        Stacks = [],
    };

    public static string TempCorpus() => Directory.CreateTempSubdirectory("stampede-findings-").FullName;
}
