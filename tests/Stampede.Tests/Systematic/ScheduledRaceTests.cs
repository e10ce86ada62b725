using Stampede.Campaigns;
using Stampede.Campaigns.Systematic;
using Stampede.Execution.Systematic;
using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;

namespace Stampede.Tests.Systematic;

/// <summary>
/// When a failure a schedule build showed stands for a stress finding's race key (<see cref="ScheduledRace"/>), and
/// how the heap guard's line signs a crash (<see cref="HeapGuardReport"/>, <see cref="CrashOracle"/>).
/// </summary>
public class ScheduledRaceTests
{
    static readonly ApiShape Api = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["kv_put"] = ["kv_store"], ["kv_get"] = ["kv_store"], ["reg_add"] = [], ["reg_count"] = [], ["obj_release"] = ["obj"],
    });

    const string UseAfterFree = "stampede-schedrt: heap-use-after-free: 8-byte read of 0x7f45b4002840 by program thread 1 at " +
                                "libkvstore.so+0x1648 (kv_put), 16 bytes into a 144-byte block freed by program thread 0 at libkvstore.so+0x17af (kv_put)";
    const string Overflow = "stampede-schedrt: heap-buffer-overflow: 8-byte write of 0x55fe743b8080 by program thread 0 at " +
                            "libkvstore.so+0x1809 (kv_put), past the end of a heap block";

    static ThreadPlace In(int thread, string function) => new(thread, ThreadActivity.InCall, 0, function, []);
    static ThreadPlace Between(int thread) => new(thread, ThreadActivity.BetweenCalls, 1, null, []);

    static CampaignFinding Crash(int crashing, string stderr, params ThreadPlace[] threads)
    {
        var evidence = new CrashEvidence(134, "SIGABRT", [], crashing, threads, stderr);
        return CampaignFinding.FromCrash("", evidence, "libkvstore.so", Api);
    }

    [Test]
    public void The_guard_line_signs_the_crash_by_what_it_saw_and_goes_into_the_summary()
    {
        var finding = Crash(1, "noise\n" + UseAfterFree + "\n", In(1, "kv_put"), Between(0));
        Assert.That(finding.Signature, Is.EqualTo("crash:heap-use-after-free:kv_put"));
        Assert.That(finding.Summary, Does.Contain("freed by program thread 0"));
        Assert.That(HeapGuardReport.FreeingThread(UseAfterFree), Is.EqualTo(0));
        Assert.That(HeapGuardReport.FreeingThread(Overflow), Is.Null);
        Assert.That(Crash(0, "", In(0, "kv_put")).Signature, Is.EqualTo("crash:SIGABRT:kv_put"), "no guard line: the signal");
    }

    [Test]
    public void A_crash_report_that_names_no_thread_takes_the_crashing_thread_from_the_guard_line()
    {
        // Captured from repro --mode systematic --schedule-build of native/samples/races/kv_store.txt (seed 1): the guard
        // aborts on the thread whose access it reports. Here the crash report named no thread (no stack, no program
        // thread): what the supervisor has when the runtime's crash report is missing or its thread is not on the board.
        const string captured = "stampede-schedrt: heap-buffer-overflow: 8-byte write of 0x559467967760 by program thread 1 at " +
                                "libkvstore.so+0x1809 (kv_put), past the end of a heap block";
        var evidence = new CrashEvidence(134, "SIGABRT", [], null, [In(0, "kv_get"), In(1, "kv_put")], "noise\n" + captured + "\n");

        Assert.That(evidence.CrashingThread, Is.EqualTo(1));
        var finding = CampaignFinding.FromCrash("", evidence, "libkvstore.so", Api);
        Assert.That(finding.Signature, Is.EqualTo("crash:heap-buffer-overflow:kv_put"), "not the calls in flight: calls kv_get,kv_put");
        Assert.That(finding.Signature, Is.EqualTo(Crash(1, captured, In(0, "kv_get"), In(1, "kv_put")).Signature), "as when the report names t1");
        Assert.That(finding.Summary, Does.Contain("in t1 (kv_put)"));
        // A use after free names two threads: the accessing one comes first, the freeing one is the other side.
        Assert.That(HeapGuardReport.AccessingThread(UseAfterFree), Is.EqualTo(1));
        Assert.That(new CrashEvidence(134, "SIGABRT", [], null, [], UseAfterFree).CrashingThread, Is.EqualTo(1));
        // A free by a thread outside the run (-1) names no program thread; the crash report's own thread comes first.
        Assert.That(HeapGuardReport.AccessingThread(UseAfterFree.Replace("by program thread 1 at", "by program thread -1 at")), Is.Null);
        Assert.That(new CrashEvidence(134, "SIGABRT", [], 0, [], UseAfterFree).CrashingThread, Is.EqualTo(0));
        Assert.That(new CrashEvidence(134, "SIGABRT", [], null, [], "").CrashingThread, Is.Null);
    }

    [Test]
    public void Two_calls_on_the_keys_kind_of_handle_stand_for_its_race()
    {
        Assert.That(ScheduledRace.StandsFor(Crash(0, Overflow, In(0, "kv_put"), In(1, "kv_get")), "race:kv_store", Api), Is.True);
        // The heap guard names the other side, though it has returned from the call that freed the block.
        Assert.That(ScheduledRace.StandsFor(Crash(1, UseAfterFree, In(1, "kv_put"), Between(0)), "race:kv_store", Api), Is.True);
        Assert.That(ScheduledRace.StandsFor(Crash(1, UseAfterFree, In(1, "kv_put"), Between(0)), "freed:kv_store", Api), Is.True);
    }

    [Test]
    public void One_thread_in_a_call_with_nobody_else_named_does_not_stand_for_a_race()
    {
        Assert.That(ScheduledRace.StandsFor(Crash(0, Overflow, In(0, "kv_put"), Between(1)), "race:kv_store", Api), Is.False);
        Assert.That(ScheduledRace.StandsFor(Crash(0, "", In(0, "kv_put")), "race:kv_store", Api), Is.False);
        // One side: the search then runs the program serially to tell a race's late effect from one thread's own bug.
        Assert.That(ScheduledRace.Evidence(Crash(0, Overflow, In(0, "kv_put"), Between(1)), "race:kv_store", Api), Is.EqualTo(RaceEvidence.OneSide));
        Assert.That(ScheduledRace.Evidence(Crash(0, "", In(0, "reg_add"), Between(1)), "race:kv_store", Api), Is.EqualTo(RaceEvidence.None));
    }

    [Test]
    public void The_serial_trace_is_the_runtimes_header_alone() =>
        Assert.That(NativeTrace.ToText(NativeTrace.Serial(2)), Is.EqualTo("\"UwEC\""), "'S', version 1, 2 threads, no decision, no end marker");

    [Test]
    public void Calls_on_another_state_or_other_functions_do_not_stand_for_it()
    {
        Assert.That(ScheduledRace.StandsFor(Crash(0, "", In(0, "reg_add"), In(1, "reg_count")), "race:kv_store", Api), Is.False);
        Assert.That(ScheduledRace.StandsFor(Crash(0, "", In(0, "kv_put"), In(1, "kv_put")), "race:kv_get∥kv_put", Api), Is.False);
        Assert.That(ScheduledRace.StandsFor(Crash(0, "", In(0, "kv_put"), In(1, "kv_get")), "race:kv_get∥kv_put", Api), Is.True);
        Assert.That(ScheduledRace.StandsFor(Crash(0, "", In(0, "reg_add"), In(1, "reg_count")), "race:heap@reg_add", Api), Is.True);
        Assert.That(ScheduledRace.StandsFor(Crash(0, "", In(0, "kv_put"), In(1, "kv_get")), "heap-buffer-overflow:kv_put", Api), Is.False,
            "a one-sided key is matched only by its own signature");
    }

    [Test]
    public void A_deadlock_stands_for_the_lock_order_key_of_its_blocked_calls()
    {
        var hang = new CampaignFinding(FindingKind.Hang, "hang:ledger_balance,ledger_post", "", "");
        Assert.That(ScheduledRace.StandsFor(hang, "deadlock:ledger_balance∥ledger_post", Api), Is.True);
        Assert.That(ScheduledRace.StandsFor(hang, "deadlock:ledger_balance∥ledger_postings", Api), Is.False);
    }
}
