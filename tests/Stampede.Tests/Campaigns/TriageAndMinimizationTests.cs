using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Minimization;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Triaging;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// Triage and minimization with real worker processes on the sample libraries. Each program is first run until it
/// shows its failure (runs stop at the first failing repetition; up to 20 runs of 2000 repetitions, where each of
/// these bugs showed within the first few runs here), so the reproduction rate is known to be above zero; the label
/// then rests on the single-threaded and global-lock runs. Those are deterministic for these bugs: one caller never
/// deadlocks on a lock-order inversion or tears a static buffer, a global lock never lets two calls overlap, and a
/// crash of one caller happens on every run.
/// </summary>
[TestFixture]
public class TriageAndMinimizationTests
{
    static Harness Open(string library) => Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", library));

    static Reproducer ReproducerFor(string library) =>
        new(Open(library), WorkerLaunch.CliIn(AppContext.BaseDirectory), TimeSpan.FromSeconds(2));

    static ConcurrentProgram Program(Harness harness, string body) =>
        ProgramText.Parse($"# stampede program v1\nlibrary {harness.Library}\n{body}", harness.Model);

    /// <summary>Runs until the program shows a failure; its finding and the rate so far.</summary>
    static (CampaignFinding Finding, ReproductionRate Rate) FirstFailure(Reproducer reproducer, ConcurrentProgram program)
    {
        for (int run = 1; run <= 20; run++)
            if (reproducer.RunOnce(program, 2000) is { } finding) return (finding, new ReproductionRate(1, run));
        Assert.Fail("the program showed no failure in 20 runs of 2000 repetitions");
        throw new InvalidOperationException();
    }

    static Stampede.Findings.Triage Triage(string library, string body, string expectedSignature)
    {
        using var reproducer = ReproducerFor(library);
        var program = Program(reproducer.Harness, body);
        var (finding, rate) = FirstFailure(reproducer, program);
        Assert.That(finding.Signature, Does.StartWith(expectedSignature));
        var triage = FindingTriage.Complete(reproducer, program, finding.Kind, finding.Signature, rate, new TriageOptions(Runs: 3, Repetitions: 2000),
            line => TestContext.Out.WriteLine(line));
        TestContext.Out.WriteLine($"{finding.Signature}: {triage.Label}");
        return triage;
    }

    [Test]
    public void A_crash_one_caller_hits_is_an_ordinary_bug()
    {
        // conf_import reads through strchr's NULL for a comment line without a newline: API misuse-like, one thread.
        var triage = Triage("svcconf",
            "thread 0:\n  settings_put(\"a\", \"1\")\n  conf_import(\"# no newline\")\nthread 1:\n  stats_add(5)\n",
            "crash:SIGSEGV:conf_import");

        Assert.That(triage.SingleThreaded, Is.True);
        Assert.That(triage.Label, Is.EqualTo(Stampede.Findings.Triage.OrdinaryBug));
    }

    [Test]
    public void A_failure_on_one_thread_is_settled_by_one_run_and_names_the_call_that_failed()
    {
        // The single-threaded check comes first and one run that shows the failure decides it: no rate, no global lock
        // (each of those runs would cost a worker restart for a crash).
        using var reproducer = ReproducerFor("svcconf");
        var program = Program(reproducer.Harness,
            "thread 0:\n  settings_put(\"a\", \"1\")\n  conf_import(\"# one run\")\nthread 1:\n  stats_add(5)\n");

        var triage = FindingTriage.Run(reproducer, program, Stampede.Model.FindingKind.Crash, "crash:SIGSEGV:conf_import",
            new TriageOptions(Runs: 3, Repetitions: 100));

        Assert.That(triage, Is.EqualTo(new Stampede.Findings.Triage(true, null, null, "conf_import")));
        Assert.That(triage.Verdict, Is.EqualTo(TriageVerdict.FailsOnOneThread));
        Assert.That(reproducer.Runs, Is.EqualTo(1));
    }

    [Test]
    public void A_torn_static_result_buffer_is_hidden_by_a_global_lock()
    {
        // tk_format_duration returns a static buffer; the engine copies it after the call returns, and the global lock
        // is held until that copy is made, as a GIL would be.
        var triage = Triage("textkit",
            "thread 0:\n  tk_format_duration(3661)\n  tk_format_duration(59)\nthread 1:\n  tk_format_duration(7322)\n  tk_format_duration(1)\n",
            "not-linearizable:tk_format_duration");

        Assert.That(triage.SingleThreaded, Is.False, "not-linearizable needs two threads");
        Assert.That(triage.UnderGlobalLock, Is.False);
        Assert.That(triage.Label, Is.EqualTo(Stampede.Findings.Triage.HiddenByGlobalLock));
    }

    [Test]
    public void A_lock_order_deadlock_vanishes_under_a_global_lock()
    {
        var triage = Triage("svcconf",
            "thread 0:\n  ledger_post(\"a\", 1)\n  ledger_post(\"b\", 2)\n  ledger_post(\"a\", 3)\n" +
            "thread 1:\n  ledger_balance(\"a\")\n  ledger_balance(\"b\")\n  ledger_balance(\"a\")\n",
            "deadlock:ledger_balance∥ledger_post");

        Assert.That(triage.SingleThreaded, Is.False);
        Assert.That(triage.UnderGlobalLock, Is.False);
        Assert.That(triage.Label, Is.EqualTo(Stampede.Findings.Triage.HiddenByGlobalLock));
    }

    [Test]
    public void A_crash_buried_in_four_threads_shrinks_to_the_one_call_that_makes_it()
    {
        // Deterministic: conf_import("#...") without a newline crashes on every run, the other calls (rwlock-guarded
        // settings, atomic stats) never fail, so the only program that keeps the signature is the crashing call, with
        // its string shortened to the "#" that still has no newline.
        using var reproducer = ReproducerFor("svcconf");
        var program = Program(reproducer.Harness,
            "thread 0:\n  settings_put(\"alpha\", \"1\")\n  settings_get(\"alpha\", buf[32], 32)\n  stats_add(3)\n" +
            "thread 1:\n  stats_add(7)\n  settings_count()\n" +
            "thread 2:\n  settings_put(\"beta\", \"2\")\n  conf_import(\"# imported without a newline\")\n  stats_total()\n" +
            "thread 3:\n  settings_remove(\"alpha\")\n  stats_samples()\n");
        var (finding, _) = FirstFailure(reproducer, program);
        Assert.That(finding.Signature, Is.EqualTo("crash:SIGSEGV:conf_import"));

        var (result, shown) = FindingMinimization.Run(reproducer, program, finding.Signature, new MinimizeOptions(Runs: 1, Repetitions: 200),
            a => TestContext.Out.WriteLine($"{a.Number} {a.Pass}: {(a.Kept ? "kept" : "no")}"));

        Assert.That(ProgramText.Print(result.Program),
            Is.EqualTo($"# stampede program v1\nlibrary {reproducer.Harness.Library}\nthread 0:\n  conf_import(\"#\")\n"));
        Assert.That(result.Stop, Is.EqualTo(MinimizationStop.Done));
        Assert.That(result.Original, Is.EqualTo(program));
        // The run of the minimized program, whose timeline the report then shows: its one call, the one it died in.
        Assert.That(shown?.Program, Is.EqualTo(ProgramText.Print(result.Program)));
        var timeline = FindingConversion.Timeline(shown!);
        Assert.That(timeline.Single().Calls.Select(c => c.Function), Is.EqualTo(new[] { "conf_import" }));
        Assert.That(timeline.Single().InFlight, Is.EqualTo(0));
    }
}
