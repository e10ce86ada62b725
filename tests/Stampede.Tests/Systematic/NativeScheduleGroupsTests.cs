using Stampede.Tests.Cli;
using Stampede.Tests.Samples;

namespace Stampede.Tests.Systematic;

/// <summary>
/// Every race group of the samples (contracts.json), found by <c>repro --mode systematic --schedule-build</c> on a
/// program that can show it, with seed 1 and the default strategy (PCT, d = 3) within a budget of 2000 iterations, far
/// above the iteration each took here (printed, and written in docs/systematic.md); then its stored trace replayed in
/// worker processes. A wrong result or a deadlock replays to the same signature every time; a use-after-free, a
/// double free or a write past a block's end crashes every time, under the same signature: the runtime's heap guard
/// (native/schedrt/heapguard.h) reports the access itself, so the failure no longer depends on the heap's layout,
/// which the .NET runtime's own threads (allocating with malloc, unscheduled) change from process to process. Before
/// the guard, kv_store's overflow replayed 7/10 and obj_refs's late refcount write once crashed only in the next
/// iteration, on the host's thread, with a trace that replayed clean.
/// kv_verbose, behind its guard, is given its service code in setup. Thread-safe controls show nothing in the same
/// budget. Groups inside one call (classtab, tk_tokenizer,
/// kv_store, obj_refs, registry, cache, config, ledger, kv_verbose) are out of reach of Coyote's call-level mode.
/// </summary>
[TestFixture]
public class NativeScheduleGroupsTests
{
    const string Budget = "2000";

    /// <summary>What the replays of a group's trace are held to.</summary>
    public enum Replays { SameSignature, Crash }

    /// <summary>Group, what the finding's signature starts with, and what its replays show. The program is
    /// native/samples/races/GROUP.txt, which the benchmark's schedule part runs too.</summary>
    static readonly (string Group, string Signature, Replays Replays)[] Groups =
    [
        ("durbuf", "not-linearizable:tk_format_duration", Replays.SameSignature),
        ("tk_error", "isolation:tk_last_error", Replays.SameSignature),
        ("cursor", "not-linearizable:tk_next_token", Replays.SameSignature),
        ("classtab", "not-linearizable:tk_char_class", Replays.SameSignature),
        ("tk_tokenizer", "not-linearizable:tk_tokenizer_next", Replays.SameSignature),
        ("kv_store", "crash:heap-buffer-overflow:kv_put", Replays.Crash),
        ("kv_verbose", "crash:heap-use-after-free:kv_report", Replays.Crash),
        ("obj_refs", "crash:heap-use-after-free:obj_release", Replays.Crash),
        ("registry", "not-linearizable:reg_add", Replays.SameSignature),
        ("cache", "not-linearizable:cache_intern", Replays.SameSignature),
        ("config", "crash:heap-use-after-free:conf_get", Replays.Crash),
        ("ledger", "deadlock:ledger_balance∥ledger_post", Replays.SameSignature),
    ];

    /// <summary>Thread-safe counterparts (contracts.json's mt-safe and safe-on-distinct-handles functions): the program
    /// native/samples/controls/NAME.txt, which the benchmark's schedule part runs too, and what it shows.</summary>
    static readonly (string File, string Name)[] Controls =
    [
        ("sym_intern", "interning under a mutex"),
        ("settings", "rwlock-guarded settings, atomic stats"),
        ("kv_distinct", "distinct stores"),
        ("textkit_r", "reentrant textkit functions"),
    ];

    /// <summary>A copy of native/samples/FOLDER/NAME.txt in <paramref name="root"/> (repro writes the schedule it finds
    /// beside the program), and the harness its library line names.</summary>
    static (string Program, string Library) CopyOf(string folder, string name, string root)
    {
        string program = Path.Combine(root, "program.txt");
        File.Copy(Path.Combine(RepoPaths.Root, "native", "samples", folder, name + ".txt"), program);
        return (program, File.ReadLines(program).Single(l => l.StartsWith("library lib"))["library lib".Length..^".so".Length]);
    }

    static IEnumerable<TestCaseData> ControlCases() => Controls.Select(c => new TestCaseData(c.File).SetName($"Schedule-build control: {c.Name}"));

    [TestCaseSource(nameof(ControlCases))]
    public void Thread_safe_control_shows_nothing_in_the_same_budget(string file)
    {
        string root = Directory.CreateTempSubdirectory("stampede-native-controls-").FullName;
        try
        {
            var (program, library) = CopyOf("controls", file, root);
            var repro = StampedeProcess.Run(root, "repro", "--harness", Path.Combine(RepoPaths.Root, "harnesses", library), "--mode", "systematic",
                "--schedule-build", "--iterations", Budget, "--seed", "1", program);
            Assert.That(repro.ExitCode, Is.Zero, repro.Out + repro.Error);
            Assert.That(repro.Out, Does.Contain($"SUMMARY: no schedule among {Budget} shows it"), repro.Out + repro.Error);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    static IEnumerable<TestCaseData> Cases() => Groups.Select(g => new TestCaseData(g.Group, g.Signature, g.Replays).SetName($"Found inside calls and replayed: {g.Group}"));

    [Test]
    public void Every_race_group_has_a_case_here() =>
        Assert.That(Groups.Select(g => g.Group), Is.EquivalentTo(ContractManifest.Load().Groups.Keys));

    [TestCaseSource(nameof(Cases))]
    public void Race_group_is_found_under_the_scheduling_runtime_and_its_trace_replays(string group, string signature, Replays replays)
    {
        string root = Directory.CreateTempSubdirectory("stampede-native-groups-").FullName;
        try
        {
            var (program, library) = CopyOf("races", group, root);
            int runs = replays == Replays.SameSignature ? 20 : 5; // a crash costs a worker each; the benchmark's schedule part replays every group 20 times
            var repro = StampedeProcess.Run(root, "repro", "--harness", Path.Combine(RepoPaths.Root, "harnesses", library), "--mode", "systematic",
                "--schedule-build", "--iterations", Budget, "--seed", "1", "--runs", runs.ToString(), "--hang", "30s", program);
            TestContext.Out.WriteLine(repro.Out);
            string found = repro.Out.Split('\n').FirstOrDefault(l => l.StartsWith("FOUND: ")) ?? "";
            Assert.That(found, Does.StartWith("FOUND: " + signature), repro.Out + repro.Error);
            var lines = repro.Out.Split('\n').Where(l => l.StartsWith("replay ")).ToArray();
            Assert.That(lines, Has.Length.EqualTo(runs));
            if (replays == Replays.Crash) Assert.That(lines, Has.All.Match(@"^replay \d+: crash:"), repro.Out);
            Assert.That(repro.Out, Does.Contain($"SUMMARY: reproduced {runs}/{runs} (100 %) by replaying the schedule"), repro.Out);
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
