using Stampede.Findings;
using Stampede.Model;

namespace Stampede.SelfFuzz;

/// <summary>Findings as the store records them, with every part a report can have: seeds for the corpus and markdown
/// targets, which start from real report.json and report.md text.</summary>
public static class SampleFindings
{
    public const string Library = "libkvstore.so";
    public const string Slug = "crash-sigsegv-kv_get-1a2b3c4d";

    public const string Program =
        "# stampede program v1\nlibrary libkvstore.so\nsetup:\n  kv_open(out r0)\nthread 0:\n  kv_put(r0, \"k\", x\"00ff\", 2)\nthread 1:\n  kv_get(r0, \"k\", buf[64], 64)\n";

    /// <summary>Everything filled in: triage, minimized program, examples, timeline, stacks with source lines, details.</summary>
    public static RecordedFinding Full()
    {
        var finding = new Finding(FindingKind.Crash, "crash:SIGSEGV:kv_get<find", "worker died of SIGSEGV in t1 (kv_get) at kv_get < find",
            Library, Program,
            [
                new ThreadTimeline("setup", [new TimedCall("kv_open", 0, 12, "0")], null),
                new ThreadTimeline("t0", [new TimedCall("kv_put", 20, 95, "-2"), new TimedCall("kv_put", 96, null, null)], 1),
                new ThreadTimeline("t1", [new TimedCall("kv_get", 25, null, "\"value\"")], 0),
            ],
            [
                new Stack("t1 in kv_get (crashed)",
                [
                    new Frame("find", "native/samples/kvstore/kvstore.c:70:12", Library, "    while (e->key != NULL) {"),
                    new Frame("kv_get", "native/samples/kvstore/kvstore.c:104", Library),
                    new Frame(null, null, "libcoreclr.so"),
                ]),
            ],
            "stampede repro --harness harnesses/kvstore corpus/libkvstore.so/findings/" + Slug,
            new Dictionary<string, string>
            {
                ["signal"] = "SIGSEGV",
                ["stderr"] = "free(): double free detected in tcache 2\n[createdump] Gathering state",
                ["seed"] = "7",
            });
        return new RecordedFinding(Slug, finding, 3, new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 8, 2, 11, 30, 0, TimeSpan.Zero), new Triage(false, true, new ReproductionRate(7, 10)),
            "# stampede program v1\nlibrary libkvstore.so\nthread 0:\n  kv_get(null, \"k\", buf[1], 1)\n",
            ["examples/0123456789abcdef.txt"]);
    }

    /// <summary>The least a finding has: no timeline, stacks, details, triage or examples.</summary>
    public static RecordedFinding Bare() =>
        new(Slug, new Finding(FindingKind.Hang, "hang:kv_lock", "threads did not finish", Library, Program, [], [], "", null),
            1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, []);
}
