using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Systematic;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;
using Stampede.Tests.Sanitizers;

namespace Stampede.Tests.Oracles;

/// <summary>
/// A deadlock is one finding however many threads took part: svcconf's ledger inversion deadlocked with two threads
/// (<c>hang:ledger_balance,ledger_post</c>) and, with a <c>ledger_postings</c> queued behind the journal lock, with three
/// (<c>hang:ledger_balance,ledger_post,ledger_postings</c>): two findings, on the plain build and on the schedule build
/// alike. Signed by the calls that did not return, a thread that only waited behind the cycle counted as much as the
/// cycle. When who holds which lock is known (gdb reads a blocked mutex's owner; the scheduling runtime says it), the
/// hang is keyed by the cycle's functions as ThreadSanitizer keys the inversion, and its place is the variant.
/// </summary>
public sealed class DeadlockCycleTests
{
    static ThreadPlace In(int thread, string function, int? waitsFor = null) =>
        new(thread, ThreadActivity.InCall, 0, function, []) { WaitsFor = waitsFor };

    static CampaignFinding Hung(params ThreadPlace[] stuck) =>
        CampaignFinding.FromHang("", new HangEvidence([.. stuck.Select(s => s.Thread)], stuck, []), ["ledger_post", "ledger_balance", "ledger_postings"]);

    [Test]
    public void Two_three_and_four_threads_round_one_inversion_are_one_finding_keyed_as_ThreadSanitizer_keys_it()
    {
        var two = Hung(In(0, "ledger_post", waitsFor: 1), In(1, "ledger_balance", waitsFor: 0));
        // As seen: the schedule build's 3-thread deadlock (t2's ledger_postings queued behind t0's journal lock), and the
        // 4-thread hang of a 30 s svcconf campaign (seed 1), its stacks' lines saying who held what: t1's ledger_post holds
        // the journal and waits for the balances t2's ledger_balance holds, t0's and t3's ledger_posts wait for the journal.
        var three = Hung(In(0, "ledger_post", waitsFor: 1), In(1, "ledger_balance", waitsFor: 0), In(2, "ledger_postings", waitsFor: 0));
        var four = Hung(In(0, "ledger_post", waitsFor: 1), In(1, "ledger_post", waitsFor: 2), In(2, "ledger_balance", waitsFor: 1),
            In(3, "ledger_post", waitsFor: 1));
        var tsan = SanitizerKey.Of(SanitizerReport.Parse(Fixtures.Read("tsan-lock-order-inversion-ledger.txt")).Single(), "libsvcconf.so");

        Assert.That(tsan, Is.EqualTo("deadlock:ledger_balance∥ledger_post"));
        Assert.That(new[] { two.Signature, three.Signature, four.Signature }, Has.All.EqualTo(tsan));
        Assert.That(new[] { two.Variant, three.Variant, four.Variant },
            Is.EqualTo(new[] { "hang:ledger_balance,ledger_post", "hang:ledger_balance,ledger_post,ledger_postings", "hang:ledger_balance,ledger_post" }),
            "the place each hang stopped at, kept as a variant");
        Assert.That(three.Summary, Does.Contain("deadlock: t0 waits for t1, t1 waits for t0"));
        Assert.That(three.Shows("hang:ledger_balance,ledger_post,ledger_postings"), "a corpus that recorded the place still finds it");
    }

    [Test]
    public void Without_the_locks_owners_a_hang_keeps_its_place()
    {
        var unknown = Hung(In(0, "ledger_post"), In(1, "ledger_balance"), In(2, "ledger_postings"));
        Assert.That(unknown.Signature, Is.EqualTo("hang:ledger_balance,ledger_post,ledger_postings"));
        Assert.That(unknown.Variant, Is.Null);
        // Waits that lead nowhere round (the owner is no stuck program thread) are no deadlock either.
        Assert.That(Hung(In(0, "ledger_post", waitsFor: 1), In(1, "ledger_balance")).Signature, Is.EqualTo("hang:ledger_balance,ledger_post"));
    }

    [Test]
    public void A_thread_that_locks_a_mutex_it_holds_is_a_cycle_of_one()
    {
        Assert.That(WaitCycle.Members(new Dictionary<int, int> { [0] = 0, [1] = 0 }), Is.EqualTo(new[] { 0 }));
        Assert.That(Hung(In(0, "ledger_post", waitsFor: 0), In(1, "ledger_balance", waitsFor: 0)).Signature, Is.EqualTo("deadlock:ledger_post"));
    }

    /// <summary>gdb's output for a C program of three threads, captured as <see cref="NativeStacks.Capture"/> runs it
    /// (libc6-dbg installed; without it the frames are named from glibc's exported symbols, __lll_lock_wait among them):
    /// LWP 16617 holds a and waits for b, 16618 holds b and waits for a, 16619 waits for a behind them, and the main
    /// thread waits in pthread_join, whose futex word is not a mutex.</summary>
    const string Gdb = """
        [New LWP 16617]
        __futex_abstimed_wait_common64 (private=128, cancel=true, abstime=0x0, op=265, expected=16617, futex_word=0x7f494fca7990) at ./nptl/futex-internal.c:57

        Thread 4 (Thread 0x7f494eca56c0 (LWP 16619) "dl"):
        #0  futex_wait (private=0, expected=2, futex_word=0x55cb1e79b038 <a>) at ../sysdeps/nptl/futex-internal.h:146
        #1  __GI___lll_lock_wait (futex=futex@entry=0x55cb1e79b038 <a>, private=0) at ./nptl/lowlevellock.c:49
        #2  0x00007f494fd37482 in lll_mutex_lock_optimized (mutex=0x55cb1e79b038 <a>) at ./nptl/pthread_mutex_lock.c:48
        #3  ___pthread_mutex_lock (mutex=0x55cb1e79b038 <a>) at ./nptl/pthread_mutex_lock.c:93
        #4  0x000055cb1e798247 in three ()
        #5  0x00007f494fd341f5 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442

        Thread 3 (Thread 0x7f494f4a66c0 (LWP 16618) "dl"):
        #0  futex_wait (private=0, expected=2, futex_word=0x55cb1e79b038 <a>) at ../sysdeps/nptl/futex-internal.h:146
        #1  __GI___lll_lock_wait (futex=futex@entry=0x55cb1e79b038 <a>, private=0) at ./nptl/lowlevellock.c:49
        #2  0x00007f494fd37482 in lll_mutex_lock_optimized (mutex=0x55cb1e79b038 <a>) at ./nptl/pthread_mutex_lock.c:48
        #3  ___pthread_mutex_lock (mutex=0x55cb1e79b038 <a>) at ./nptl/pthread_mutex_lock.c:93
        #4  0x000055cb1e798223 in two ()

        Thread 2 (Thread 0x7f494fca76c0 (LWP 16617) "dl"):
        #0  futex_wait (private=0, expected=2, futex_word=0x55cb1e79b060 <b>) at ../sysdeps/nptl/futex-internal.h:146
        #1  __GI___lll_lock_wait (futex=futex@entry=0x55cb1e79b060 <b>, private=0) at ./nptl/lowlevellock.c:49
        #2  0x00007f494fd37482 in lll_mutex_lock_optimized (mutex=0x55cb1e79b060 <b>) at ./nptl/pthread_mutex_lock.c:48
        #3  ___pthread_mutex_lock (mutex=0x55cb1e79b060 <b>) at ./nptl/pthread_mutex_lock.c:93
        #4  0x000055cb1e7981f3 in one ()

        Thread 1 (Thread 0x7f494fca8740 (LWP 16615) "dl"):
        #0  __futex_abstimed_wait_common64 (private=128, cancel=true, abstime=0x0, op=265, expected=16617, futex_word=0x7f494fca7990) at ./nptl/futex-internal.c:57
        #3  0x00007f494fd35ce3 in __pthread_clockjoin_ex (threadid=139952848008896, thread_return=0x0, clockid=0, abstime=0x0, block=<optimized out>) at ./nptl/pthread_join_common.c:102
        #4  0x000055cb1e7981bc in main ()
        stampede: lock owners

        Thread 4 (Thread 0x7f494eca56c0 (LWP 16619) "dl"):
        0x55cb1e79b038 <a>:	2	0	16617

        Thread 3 (Thread 0x7f494f4a66c0 (LWP 16618) "dl"):
        0x55cb1e79b038 <a>:	2	0	16617

        Thread 2 (Thread 0x7f494fca76c0 (LWP 16617) "dl"):
        0x55cb1e79b060 <b>:	2	0	16618

        Thread 1 (Thread 0x7f494fca8740 (LWP 16615) "dl"):
        0x7f494fca7990:	16617	0	1338669472
        [Inferior 1 (process 16615) detached]
        """;

    [Test]
    public void Gdb_reads_whom_each_blocked_mutex_belongs_to_and_the_cycle_leaves_the_thread_queued_behind_it()
    {
        var stacks = NativeStacks.Parse(Gdb);

        Assert.That(stacks.ToDictionary(s => s.Key, s => s.Value.LockOwner),
            Is.EquivalentTo(new Dictionary<int, int?> { [16619] = 16617, [16618] = 16617, [16617] = 16618, [16615] = null }),
            "the main thread's futex word is a thread id, not a mutex: no owner");
        Assert.That(stacks[16617].Frames.Select(f => f.Function), Has.Member("one"), "the backtraces are read as before");
        Assert.That(stacks[16617].Frames, Has.Count.EqualTo(5), "the lock words add no frames");
        var waits = stacks.Where(s => s.Value.LockOwner is not null).ToDictionary(s => s.Key, s => s.Value.LockOwner!.Value);
        Assert.That(WaitCycle.Members(waits), Is.EqualTo(new[] { 16617, 16618 }));
    }

    [Test]
    public void The_scheduling_runtimes_account_says_who_waits_for_whom()
    {
        // Captured: repro --mode systematic --schedule-build of t0 ledger_post, t1 ledger_balance, t2 ledger_postings.
        const string account = "deadlock: every unfinished thread is blocked (3 of 3)\n" +
            "  t0 waits for mutex libsvcconf.so+0x5198, in ledger_post+0xc8 (libsvcconf.so+0x1ec8); held by t1\n" +
            "  t1 waits for mutex libsvcconf.so+0x5168, in ledger_balance+0x164 (libsvcconf.so+0x2184); held by t0\n" +
            "  t2 waits for mutex libsvcconf.so+0x5168, in ledger_postings+0x1c (libsvcconf.so+0x220c); held by t0\n" +
            "  t3 waits for mutex libsvcconf.so+0x5168, in ledger_postings+0x1c (libsvcconf.so+0x220c); held by no thread of the run\n";

        var waits = DeadlockAccount.WaitsFor(account);
        Assert.That(waits, Is.EquivalentTo(new Dictionary<int, int> { [0] = 1, [1] = 0, [2] = 0 }));
        Assert.That(WaitCycle.Members(waits), Is.EqualTo(new[] { 0, 1 }));
    }
}
