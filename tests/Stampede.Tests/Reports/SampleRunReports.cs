using Stampede.Findings;
using Stampede.Model;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

/// <summary>
/// Runs as the report writers get them: a gate on the kvstore sample with a new crash (stacks with source lines, a
/// three-thread timeline with a call in flight), a fixed race (minimized, with variants) and a flaky hang, five
/// statistics samples; and a run whose every string the library controls is hostile.
/// </summary>
internal static class SampleRunReports
{
    public const string Script = "<script>alert(1)</script>";
    public const string ImageTag = "\"><img src=x onerror=alert(2)>";
    public const string Emoji = "💥";
    public const string Nul = "\0";
    /// <summary>Every hostile piece at once, with an ampersand that is not an entity and one that looks like one.</summary>
    public const string Hostile = Script + ImageTag + " & &amp; " + Nul + Emoji + " '\u202Eevil";

    static readonly DateTimeOffset Started = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public const string CrashProgram = """
        # stampede program v1
        library kvstore
        setup:
          r0 = kv_open("shared")
        thread 0:
          kv_put(r0, "k1", "v1")
          kv_put(r0, "k2", "v2")
          kv_get(r0, "k1", buf[64], 64)
        thread 1:
          kv_delete(r0, "k1")
          kv_put(r0, "k3", "v3")

        """;

    public static Finding Crash() => new(
        FindingKind.Crash,
        "crash:kv_get>find",
        "t0 crashed with SIGSEGV in find",
        "libkvstore.so",
        CrashProgram,
        [
            new ThreadTimeline("setup", [new TimedCall("kv_open", 0, 14, "r0")], null),
            new ThreadTimeline("t0",
            [
                new TimedCall("kv_put", 21, 48, "KV_OK"),
                new TimedCall("kv_put", 50, 83, "KV_OK"),
                new TimedCall("kv_get", 86, null, null),
            ], InFlight: 2),
            new ThreadTimeline("t1",
            [
                new TimedCall("kv_delete", 23, 71, "KV_OK"),
                new TimedCall("kv_put", 74, 131, "KV_OK"),
            ], null),
        ],
        [
            new Stack("t0 in kv_get (crashed)",
            [
                new Frame("find", "native/samples/kvstore/kvstore.c:88:12", "libkvstore.so", "while (t->entries[i].key != NULL) {"),
                new Frame("kv_get", "native/samples/kvstore/kvstore.c:120:9", "libkvstore.so", "entry *e = find(s->table, key);"),
                new Frame(null, null, "[JIT]"),
                new Frame(null, null, "[JIT]"),
                new Frame(null, null, "[JIT]"),
                new Frame("start_thread", null, "libc.so.6"),
            ]),
            new Stack("t1 in kv_put",
            [
                new Frame("grow", "native/samples/kvstore/kvstore.c:61:5", "libkvstore.so", "free(old);"),
                new Frame("kv_put", "native/samples/kvstore/kvstore.c:101:13", "libkvstore.so", "if (grow(s->table) != 0) return KV_ENOMEM;"),
            ]),
        ],
        "./stampede repro --harness harnesses/kvstore corpus/kvstore/findings/crash-kv_get-find-1a2b3c4d",
        new Dictionary<string, string> { ["signal"] = "SIGSEGV", ["seed"] = "1337", ["repetition"] = "412" });

    public static Finding Race() => new(
        FindingKind.Sanitizer,
        "race:kv_store",
        "data race on the store's entry table between kv_put and kv_get",
        "libkvstore.so",
        CrashProgram,
        [],
        [
            new Stack("write in kv_put", [new Frame("grow", "native/samples/kvstore/kvstore.c:58:14", "libkvstore.so", "t->entries = realloc(t->entries, n);")]),
            new Stack("read in kv_get", [new Frame("find", "native/samples/kvstore/kvstore.c:88:12", "libkvstore.so", "while (t->entries[i].key != NULL) {")]),
        ],
        "./stampede repro --harness harnesses/kvstore corpus/kvstore/findings/race-kv_store-5e6f7a8b",
        new Dictionary<string, string> { ["sanitizer report"] = "WARNING: ThreadSanitizer: data race (pid=4242)\n  Write of size 8 by thread T2:\n    #0 grow kvstore.c:58" },
        Variant: "kvstore.c:58 / kvstore.c:88");

    public const string RaceMinimized = """
        # stampede program v1
        library kvstore
        setup:
          r0 = kv_open("shared")
        thread 0:
          kv_put(r0, "k2", "v2")
        thread 1:
          kv_get(r0, "k1", buf[64], 64)

        """;

    public static Finding Hang() => new(
        FindingKind.Hang,
        "hang:ledger_transfer",
        "threads did not finish within 3 s: t0 and t1 inside ledger_transfer",
        "libsvcconf.so",
        "# stampede program v1\nlibrary svcconf\nthread 0:\n  ledger_transfer(\"a\", \"b\", 5)\nthread 1:\n  ledger_transfer(\"b\", \"a\", 7)\n",
        [
            new ThreadTimeline("t0", [new TimedCall("ledger_transfer", 3, null, null)], InFlight: 0),
            new ThreadTimeline("t1", [new TimedCall("ledger_transfer", 4, null, null)], InFlight: 0),
        ],
        [],
        "./stampede repro --harness harnesses/svcconf corpus/svcconf/findings/hang-ledger_transfer-9c0d1e2f",
        null);

    static RecordedFinding Recorded(Finding f, int hits, Triage? triage, string? minimized = null,
        IReadOnlyDictionary<string, int>? variants = null, IReadOnlyList<ThreadTimeline>? minimizedTimeline = null) =>
        new(FindingSlug.For(f.Signature), f, hits, Started.AddDays(-2), Started.AddSeconds(40), triage, minimized, [], false, variants,
            minimizedTimeline);

    /// <summary>The realistic gate: three findings, five statistics samples.</summary>
    public static RunReport Gate() => new(
        RunKind.Gate,
        "libkvstore.so",
        "./stampede gate --harness harnesses/kvstore --baseline build/v1/libkvstore.so --candidate build/v2/libkvstore.so --out out",
        Started,
        TimeSpan.FromSeconds(312.4),
        1,
        "1 new finding on the candidate (crash:kv_get>find): the gate fails",
        [
            new ReportedFinding(Recorded(Hang(), 1, new Triage(false, null, new ReproductionRate(0, 10))),
                FindingStatus.Flaky, false, Hang().ReproduceCommand, new ReproductionRate(0, 10), new ReproductionRate(0, 10)),
            new ReportedFinding(Recorded(Race(), 7, new Triage(false, false, new ReproductionRate(7, 10)), RaceMinimized,
                    new Dictionary<string, int> { ["kvstore.c:58 / kvstore.c:88"] = 5, ["kvstore.c:61 / kvstore.c:88"] = 2 },
                    [
                        new ThreadTimeline("setup", [new TimedCall("kv_open", 0, 9, "r0")], null),
                        new ThreadTimeline("t0", [new TimedCall("kv_put", 12, 40, "KV_OK")], null),
                        new ThreadTimeline("t1", [new TimedCall("kv_get", 13, 13, "KV_OK")], null),
                    ]),
                FindingStatus.Fixed, false, Race().ReproduceCommand, new ReproductionRate(0, 10), new ReproductionRate(7, 10)),
            new ReportedFinding(Recorded(Crash(), 12, new Triage(false, false, new ReproductionRate(9, 10))),
                FindingStatus.New, true, Crash().ReproduceCommand, new ReproductionRate(9, 10), new ReproductionRate(0, 10)),
        ],
        [
            new StatisticsSample(TimeSpan.Zero, 0, 0, 0, 0),
            new StatisticsSample(TimeSpan.FromSeconds(60), 4_210, 61_000, 1, 1),
            new StatisticsSample(TimeSpan.FromSeconds(120), 9_870, 140_500, 3, 2),
            new StatisticsSample(TimeSpan.FromSeconds(240), 18_020, 262_300, 4, 2),
            new StatisticsSample(TimeSpan.FromSeconds(312), 23_400, 341_800, 5, 3),
        ],
        SourceRoot: null,
        Baseline: "build/v1/libkvstore.so",
        Candidate: "build/v2/libkvstore.so");

    /// <summary>A campaign whose one finding has <see cref="Hostile"/> in every string the library or its run controls.</summary>
    public static RunReport HostileCampaign()
    {
        var finding = Crash() with
        {
            Signature = "crash:" + Hostile,
            Summary = "summary " + Hostile,
            Library = "lib" + Hostile + ".so",
            Program = CrashProgram.Replace("\"v1\"", "\"" + Hostile + "\""),
            Timeline =
            [
                new ThreadTimeline("t0" + Hostile, [new TimedCall("fn" + Hostile, 0, 10, "result" + Hostile), new TimedCall("fn2" + Hostile, 12, null, null)], 1),
            ],
            Stacks = [new Stack("stack " + Hostile, [new Frame("function" + Hostile, "file" + Hostile + ".c:7", "module" + Hostile, "source" + Hostile)])],
            ReproduceCommand = "repro " + Hostile,
            Details = new Dictionary<string, string> { ["key" + Hostile] = "value" + Hostile, ["multi"] = "line 1\n" + Hostile },
        };
        var recorded = Recorded(finding, 1, new Triage(true, null, null, "call" + Hostile), minimized: null,
            variants: new Dictionary<string, int> { ["place" + Hostile] = 1 });
        return new RunReport(RunKind.Campaign, "lib" + Hostile + ".so", "./stampede fuzz " + Hostile, Started, TimeSpan.FromSeconds(5), 1,
            "verdict " + Hostile,
            [new ReportedFinding(recorded, FindingStatus.New, true, "repro " + Hostile, new ReproductionRate(1, 1))],
            [new StatisticsSample(TimeSpan.Zero, 0, 0, 0, 0), new StatisticsSample(TimeSpan.FromSeconds(5), 10, 100, 0, 1)],
            Baseline: "base" + Hostile, Candidate: "cand" + Hostile);
    }
}
