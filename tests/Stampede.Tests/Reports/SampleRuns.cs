using Stampede.Findings;
using Stampede.Model;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

/// <summary>
/// Runs built in memory, shaped like what a campaign or a gate reports on the kvstore sample: a crash whose stacks
/// point into sources under the source root, a ThreadSanitizer race on two sides, a hang with no source line, findings
/// that are fixed, flaky and passed, and one whose every string is hostile. Nothing here runs a worker.
/// </summary>
internal static class SampleRuns
{
    public const string Library = "libkvstore.so";

    /// <summary>Where the library's sources were checked out when it was built (the paths its debug information holds).</summary>
    public const string SourceRoot = "/ci/checkout";

    public const string CorpusDirectory = "/ci/checkout/corpus/kvstore/findings";

    /// <summary>Markup, a CDATA end, NUL and another control, a noncharacter, an emoji and an unpaired surrogate.</summary>
    public const string Hostile = "<b>&amp; \"quoted\" 'x' ]]> \0 \u0001 \uFFFE 🐘 \ud800 end";

    private static readonly DateTimeOffset Seen = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Repro(string slug) => $"./stampede repro --harness harnesses/kvstore {CorpusDirectory}/{slug}";

    private static RecordedFinding Recorded(Finding finding, string slug, Triage? triage = null, int hits = 1) =>
        new(slug, finding, hits, Seen, Seen, triage, MinimizedProgram: null, Examples: [])
        {
            Directory = $"{CorpusDirectory}/{slug}",
        };

    private static Finding Finding(FindingKind kind, string signature, string summary, IReadOnlyList<Stack> stacks, string slug) => new(
        kind, signature, summary, Library, "# stampede program v1\nlibrary kvstore\n",
        [
            new ThreadTimeline("setup", [new TimedCall("kv_open", 0, 12, "r0")], null),
            new ThreadTimeline("t0", [new TimedCall("kv_put", 20, 41, "KV_OK"), new TimedCall("kv_get", 45, null, null)], InFlight: 1),
            new ThreadTimeline("t1", [new TimedCall("kv_put", 22, 60, "KV_OK")], null),
        ],
        stacks, Repro(slug), Details: null);

    /// <summary>New and failing: the crashed thread in the library, under the source root; another thread in managed code.</summary>
    public static ReportedFinding Crash() => new(
        Recorded(Finding(FindingKind.Crash, "crash:heap-use-after-free:obj_release", "t0 crashed with SIGSEGV in find",
            [
                new Stack("t0 in kv_get (crashed)",
                [
                    new Frame("find", $"{SourceRoot}/native/samples/kvstore/kvstore.c:88:12", Library, "while (t->e->key != NULL) {"),
                    new Frame("kv_get", $"{SourceRoot}/native/samples/kvstore/kvstore.c:120", Library),
                    new Frame(null, null, "libc.so.6"),
                ]),
                // Between calls: managed code only, with a source line of its own, which is not the library's.
                new Stack("t1 (not in a call)",
                [
                    new Frame("Stampede.Execution.Running.StressExecutor.Run", $"{SourceRoot}/src/Stampede.Execution/Running/StressExecutor.cs:40",
                        "Stampede.Execution.dll"),
                    new Frame(null, null, "libc.so.6"),
                ]),
            ], "crash-heap-use-after-free-obj_release-0a1b2c3d"),
            "crash-heap-use-after-free-obj_release-0a1b2c3d",
            new Triage(SingleThreaded: false, UnderGlobalLock: false, new ReproductionRate(9, 10))),
        FindingStatus.New, Fails: true, Repro("crash-heap-use-after-free-obj_release-0a1b2c3d"),
        Candidate: new ReproductionRate(9, 10), Baseline: new ReproductionRate(0, 10));

    /// <summary>Still present and not failing, two sides: one in the sources, one in a file outside the source root.</summary>
    public static ReportedFinding Race() => new(
        Recorded(Finding(FindingKind.Sanitizer, "race:kv_store", "ThreadSanitizer: data race between kv_put and kv_put",
            [
                new Stack("t0 in kv_put (write)", [new Frame("table_grow", $"{SourceRoot}/native/samples/kvstore/kvstore.c:98:5", Library)]),
                new Stack("t1 in kv_put (previous write)",
                    [new Frame("memcpy", "/usr/include/x86_64-linux-gnu/bits/string_fortified.h:29:10", Library)]),
            ], "race-kv_store-11223344"),
            "race-kv_store-11223344",
            new Triage(SingleThreaded: false, UnderGlobalLock: true, new ReproductionRate(10, 10)), hits: 4),
        FindingStatus.StillPresent, Fails: false, Repro("race-kv_store-11223344"),
        Candidate: new ReproductionRate(10, 10), Baseline: new ReproductionRate(10, 10));

    /// <summary>New and failing, and nothing in its stacks has a source line: libc without debug information.</summary>
    public static ReportedFinding Hang() => new(
        Recorded(Finding(FindingKind.Hang, "hang:deadlock:ledger_balance∥ledger_post", "threads t0, t1 did not finish within 3 s",
            [
                new Stack("t0 in ledger_post", [new Frame("__lll_lock_wait", null, "libc.so.6"), new Frame("ledger_post", null, "libsvcconf.so")]),
                new Stack("t1 in ledger_balance", [new Frame(null, "libc.so.6:0", "libc.so.6")]),
            ], "hang-deadlock-ledger-55667788"),
            "hang-deadlock-ledger-55667788"),
        FindingStatus.New, Fails: true, Repro("hang-deadlock-ledger-55667788"));

    public static ReportedFinding Fixed() => Crash() with { Status = FindingStatus.Fixed, Fails = false, Candidate = new ReproductionRate(0, 10), Baseline = new ReproductionRate(9, 10) };

    public static ReportedFinding Flaky() => new(
        Recorded(Finding(FindingKind.NotLinearizable, "not-linearizable:tk_format_duration",
                "tk_format_duration (t0.0) returned \"1s\"; no sequential order gives that", [], "not-linearizable-tk-99aabbcc"),
            "not-linearizable-tk-99aabbcc", new Triage(null, null, new ReproductionRate(0, 10))),
        FindingStatus.Flaky, Fails: false, Repro("not-linearizable-tk-99aabbcc"));

    public static ReportedFinding Passed() => Race() with { Status = FindingStatus.Passed, Candidate = new ReproductionRate(0, 10), Baseline = null };

    /// <summary>Every string a library controls made <see cref="Hostile"/>: summary, signature, function, file, thread,
    /// result, stack name. Failing, so its text reaches junit.xml's failure too.</summary>
    public static ReportedFinding HostileFinding()
    {
        var slug = "crash-hostile-deadbeef";
        var finding = new Finding(FindingKind.Crash, "crash:" + Hostile, Hostile, Library, "# stampede program v1\n",
            [new ThreadTimeline("t" + Hostile, [new TimedCall("f" + Hostile, 0, 5, Hostile)], null)],
            [
                new Stack("stack " + Hostile,
                    [new Frame("fn" + Hostile, $"{SourceRoot}/we ird#%?:dir/{Hostile}.c:7:3", "lib" + Hostile + ".so", Hostile)]),
            ],
            Repro(slug), Details: null);
        return new ReportedFinding(Recorded(finding, slug), FindingStatus.New, Fails: true, Repro(slug) + " " + Hostile);
    }

    public static RunReport Run(IReadOnlyList<ReportedFinding> findings, RunKind kind = RunKind.Gate, int exitCode = 1,
        string? sourceRoot = SourceRoot, string library = Library) => new(
        kind, library, $"./stampede gate --harness harnesses/kvstore --baseline {Library} --out build/ci",
        Seen, TimeSpan.FromSeconds(42.5), exitCode, exitCode == 0 ? "no new findings" : "2 new findings fail the gate",
        findings, [new StatisticsSample(TimeSpan.FromSeconds(42), 1200, 9600, 1, findings.Count)],
        sourceRoot, Baseline: "build/baseline/libkvstore.so", Candidate: "build/native/plain/lib/libkvstore.so");

    /// <summary>A gate that saw one of each status.</summary>
    public static RunReport Mixed() => Run([Crash(), Race(), Hang(), Fixed(), Flaky(), Passed()]);

    public static RunReport Empty(int exitCode = 0) => Run([], RunKind.Campaign, exitCode);

    public static RunReport HostileRun() => Run([HostileFinding(), Race()], library: "lib" + Hostile + ".so");

    /// <summary>Every run above, by name, for the checks that hold for all of them.</summary>
    public static IEnumerable<TestCaseData> All()
    {
        yield return new TestCaseData(Mixed()).SetArgDisplayNames("mixed gate");
        yield return new TestCaseData(Mixed() with { SourceRoot = null }).SetArgDisplayNames("no source root");
        yield return new TestCaseData(Empty()).SetArgDisplayNames("empty");
        yield return new TestCaseData(Empty(exitCode: 1)).SetArgDisplayNames("empty, failed");
        yield return new TestCaseData(HostileRun()).SetArgDisplayNames("hostile");
        yield return new TestCaseData(Run([Hang() with { Recorded = Hang().Recorded with { Directory = "" } }]))
            .SetArgDisplayNames("never written to a corpus");
    }
}
