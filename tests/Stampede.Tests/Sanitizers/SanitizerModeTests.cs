using Stampede.Sanitizers;
using Stampede.Model;
using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Model.Programs;

namespace Stampede.Tests.Sanitizers;

/// <summary>
/// Sanitizer mode end to end: real workers load a sample's ThreadSanitizer or AddressSanitizer build with clang-19's
/// runtime preloaded, a seeded bug is hammered until the sanitizer reports it (AddressSanitizer ends the worker at its first report,
/// ThreadSanitizer goes on),
/// and the parsed finding is checked: kind, source lines of the sample, the global or the free site, and managed
/// frames named. Negative controls run the correct counterparts as long and must stay clean: that also shows the
/// executors' hand-overs are annotated for ThreadSanitizer (without that, setup and teardown raced with the threads).
/// Each run makes up to 5 requests of 2000 repetitions and returns the first sanitizer finding (else the first other
/// one); every bug here was reported within two requests when written.
/// </summary>
[TestFixture]
public class SanitizerModeTests
{
    static CampaignFinding? Hammer(string library, Sanitizer sanitizer, string body, int requests = 5)
    {
        string instrumented = sanitizer.InstrumentedLibrary(RepoPaths.SampleLibrary(library))!;
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", library), instrumented);
        var launch = WorkerLaunch.CliIn(AppContext.BaseDirectory) with
        {
            Environment = sanitizer.WorkerEnvironment(Path.Combine(RepoPaths.Root, "native", "sanitizers")),
        };
        var program = ProgramText.Parse($"# stampede program v1\nlibrary {harness.Library}\n{body}", harness.Model);
        using var reproducer = new Reproducer(harness, launch, TimeSpan.FromSeconds(10));
        CampaignFinding? other = null;
        for (int i = 0; i < requests; i++)
        {
            // The oracles may see a bug first (torn results, threads that never finish): the sanitizer's report, printed
            // as the worker went on, is then among the run's findings; else keep going.
            var findings = reproducer.Run(program, 2000);
            if (findings.FirstOrDefault(f => Report(f) is not null) is { } reported) return reported;
            other ??= findings.FirstOrDefault();
        }
        return other;
    }

    /// <summary>The sanitizer report a finding carries: its own, or — for a hang a lock-order inversion printed in the
    /// same run explains — the report that names its cause.</summary>
    static SanitizerReport? Report(CampaignFinding finding) => finding.Sanitizer ?? finding.NamedBy;

    static string Repeat(string call, int times) => string.Concat(Enumerable.Repeat($"  {call}\n", times));

    [Test]
    public void ThreadSanitizer_names_the_static_buffer_and_both_racing_lines()
    {
        var finding = Hammer("textkit", Sanitizer.Thread, "thread 0:\n  tk_format_duration(59)\nthread 1:\n  tk_format_duration(3661)\n");

        Assert.That(finding, Is.Not.Null);
        Assert.That(finding!.Kind.Name(), Is.EqualTo("sanitizer"), finding.Summary);
        var report = finding.Sanitizer!;
        Assert.That(report.Kind, Is.EqualTo("data-race"));
        Assert.That(report.Location?.Name, Is.EqualTo("duration_buffer"), "the global's name");
        Assert.That(finding.Signature, Is.EqualTo("race:@duration_buffer"), "keyed by the global both sides touched");
        Assert.That(finding.Variant, Does.Match(@"^sanitizer:data-race:textkit\.c:\d+\|textkit\.c:\d+$"), "the racing lines, kept as its variant");
        Assert.That(report.Accesses.SelectMany(a => a.Stack).Select(f => f.Function), Does.Contain("tk_format_duration"));
    }

    [Test]
    public void ThreadSanitizer_reports_the_ledger_lock_order_inversion_with_both_acquisitions()
    {
        var finding = Hammer("svcconf", Sanitizer.Thread,
            "thread 0:\n  ledger_post(\"a\", 1)\n  ledger_post(\"b\", 2)\nthread 1:\n  ledger_balance(\"a\")\n  ledger_balance(\"b\")\n");

        // Either the threads got past the inversion and the report is the finding, or they deadlocked and the hang is
        // that deadlock: one identity both ways, the hang's place kept as its variant.
        var report = finding is null ? null : Report(finding);
        Assert.That(report, Is.Not.Null, finding?.Summary);
        Assert.That(report!.Kind, Is.EqualTo("lock-order-inversion"));
        Assert.That(finding!.Signature, Is.EqualTo("deadlock:ledger_balance∥ledger_post"));
        Assert.That(finding.Variant, finding.Kind == FindingKind.Hang
            ? Does.StartWith("hang:")
            : Does.Match(@"^sanitizer:lock-order-inversion:svcconf\.c:\d+\|svcconf\.c:\d+$"));
        Assert.That(report.Locks.SelectMany(l => l.Stack).Select(f => f.Function),
            Does.Contain("ledger_post").And.Contain("ledger_balance"));
    }

    [Test]
    public void AddressSanitizer_reports_a_use_after_free_in_a_shared_store_with_where_it_was_freed()
    {
        var finding = Hammer("kvstore", Sanitizer.Address,
            "setup:\n  r0 = kv_open(\"s\")\n  kv_put(r0, \"a\", \"1\")\n" +
            "thread 0:\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"  kv_put(r0, \"a\", \"value{i}\")\n")) +
            "thread 1:\n" + Repeat("kv_get(r0, \"a\", buf[16], 16)", 12));

        Assert.That(finding?.Sanitizer, Is.Not.Null, finding?.Summary);
        var report = finding!.Sanitizer!;
        Assert.That(report.Kind, Is.AnyOf("heap-use-after-free", "SEGV"), report.Text);
        if (report.Kind == "heap-use-after-free")
        {
            Assert.That(report.Free?.Frames.Select(f => f.Function), Does.Contain("kv_put"), "freed by the writer");
            Assert.That(report.Accesses[0].Stack.Select(f => f.Function), Does.Contain("kv_get"), "read by the reader");
        }
        Assert.That(report.Stacks().SelectMany(s => s.Frames).Any(f => f.ManagedMethod is not null), Is.True,
            "JIT-compiled frames are named from the perf map");
    }

    [Test]
    public void AddressSanitizer_reports_the_double_free_of_a_lost_reference_count_update()
    {
        var finding = Hammer("objcache", Sanitizer.Address,
            "setup:\n  r0 = obj_new(\"shared\")\n" +
            "thread 0:\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"  r{i} = obj_retain(r0)\n  obj_release(r{i})\n")) +
            "thread 1:\n" + string.Concat(Enumerable.Range(9, 8).Select(i => $"  r{i} = obj_retain(r0)\n  obj_release(r{i})\n")));

        Assert.That(finding?.Sanitizer, Is.Not.Null, finding?.Summary);
        Assert.That(finding!.Sanitizer!.Kind, Is.AnyOf("double-free", "heap-use-after-free"), finding.Sanitizer.Headline);
        Assert.That(finding.Sanitizer.Free?.Frames.Select(f => f.Function), Does.Contain("obj_release"), finding.Sanitizer.Text);
        Assert.That(finding.Signature, Is.EqualTo("freed:obj"), "freed and used through one kind of handle, whichever calls");
    }

    /// <summary>What this guarantees: under ThreadSanitizer, which reports each pair of racing stacks once per process
    /// and goes on, every run of a racing program counts the race (3/3): the worker that reported is replaced before the
    /// next run, which would otherwise stay silent.</summary>
    [Test]
    public void Every_run_of_a_race_counts_under_a_sanitizer_that_goes_on()
    {
        string instrumented = Sanitizer.Thread.InstrumentedLibrary(RepoPaths.SampleLibrary("textkit"))!;
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "textkit"), instrumented);
        var launch = Sanitizer.Thread.Launch(WorkerLaunch.CliIn(AppContext.BaseDirectory), Path.Combine(RepoPaths.Root, "native", "sanitizers"));
        var program = ProgramText.Parse($"# stampede program v1\nlibrary {harness.Library}\n" +
            "thread 0:\n  tk_format_duration_r(1, buf[32], 32)\n  tk_format_duration(59)\nthread 1:\n  tk_format_duration(3661)\n", harness.Model);
        using var reproducer = new Reproducer(harness, launch, TimeSpan.FromSeconds(10));

        var counted = reproducer.Count(program, "race:@duration_buffer", runs: 3, repetitions: 500);

        Assert.That(counted.Reproduced, Is.EqualTo(3), string.Join(", ", counted.Others.Keys));
    }

    [TestCase("textkit", "thread", "thread 0:\n  tk_format_duration_r(59, buf[32], 32)\nthread 1:\n  tk_format_duration_r(3661, buf[32], 32)\n",
        TestName = "Control under ThreadSanitizer: reentrant formatting")]
    [TestCase("objcache", "thread", "setup:\n  r0 = atom_new(\"shared\")\nthread 0:\n  r1 = atom_retain(r0)\n  atom_release(r1)\n" +
                                    "thread 1:\n  r2 = atom_retain(r0)\n  atom_release(r2)\n",
        TestName = "Control under ThreadSanitizer: atomic reference count")]
    [TestCase("svcconf", "thread", "thread 0:\n  settings_put(\"a\", \"1\")\n  settings_get(\"a\", buf[16], 16)\n" +
                                   "thread 1:\n  settings_put(\"a\", \"2\")\n  settings_remove(\"a\")\n",
        TestName = "Control under ThreadSanitizer: rwlock-guarded settings")]
    [TestCase("kvstore", "address", "thread 0:\n  r0 = kv_open(\"a\")\n  kv_put(r0, \"k\", \"v\")\n  kv_get(r0, \"k\", buf[16], 16)\n" +
                                    "thread 1:\n  r1 = kv_open(\"b\")\n  kv_put(r1, \"k\", \"w\")\n  kv_delete(r1, \"k\")\n",
        TestName = "Control under AddressSanitizer: stores on distinct handles")]
    public void Correct_code_gives_no_report(string library, string sanitizer, string body)
    {
        var finding = Hammer(library, Sanitizer.Named(sanitizer)!, body, requests: 2);
        Assert.That(finding, Is.Null, finding?.Summary + "\n" + finding?.Sanitizer?.Text);
    }
}
