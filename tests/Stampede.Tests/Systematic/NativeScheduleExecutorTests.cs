using Stampede.Execution.Running;
using Stampede.Execution.Systematic;
using Stampede.Oracles.Checking;
using Stampede.Tests.Execution;

namespace Stampede.Tests.Systematic;

/// <summary>
/// The native-schedule executor in the test process, on the schedule builds of the samples, with the oracles of stress
/// mode: races inside one call (out of Coyote's reach, calls being atomic steps there) are found under the scheduling
/// runtime's PCT (d = 3) with a fixed seed, a lock-order inversion is a deadlock the runtime sees with no timeout, a
/// found interleaving replays from its trace to the same results 20 times of 20, and a thread-safe control stays
/// clean. The budgets are many times the iteration each was found at here (printed).
/// </summary>
[TestFixture]
public class NativeScheduleExecutorTests
{
    const int Budget = 500;
    static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    // Each thread takes a reference and reads the count: in any order of whole calls the later read sees 3; a retain
    // lost inside obj_retain's read-modify-write leaves both reads at 2. The object is never freed, so a lost update
    // cannot corrupt the test process's heap.
    const string LostRetain = "setup:\n  r0 = obj_new(\"o\")\n" +
                              "thread 0:\n  obj_retain(r0)\n  obj_refcount(r0)\nthread 1:\n  obj_retain(r0)\n  obj_refcount(r0)\n";

    const string AtomicRetain = "setup:\n  r0 = atom_new(\"o\")\n" +
                                "thread 0:\n  atom_retain(r0)\n  atom_refcount(r0)\nthread 1:\n  atom_retain(r0)\n  atom_refcount(r0)\n";

    const string LockOrder = "thread 0:\n  ledger_post(\"acct\", 1)\nthread 1:\n  ledger_balance(\"acct\")\n";

    static NativeScheduler Scheduler => NativeScheduler.Current ?? throw new AssertionException("no scheduling runtime loaded");

    [Test]
    public void A_lost_update_inside_a_call_is_found_and_its_trace_replays_20_of_20()
    {
        using var sample = new SampleTarget("objcache", variant: "schedule");
        var program = Prepare(sample, LostRetain);
        using var checker = new ProgramChecker(sample.Target, program, sample.Invariants);
        var executor = new NativeScheduleExecutor(sample.Target, Scheduler);
        string? verdict = null;
        NativeScheduleOutcome? found = null;
        int iteration = 0;
        for (; iteration < Budget && verdict is null; iteration++)
        {
            found = executor.Run(program, iteration, NativeStrategy.At(SystematicStrategy.Pct, 1, iteration), [], Hang);
            Assert.That(found.Hung || found.Deadlock || found.Diverged, Is.False, $"iteration {iteration}: {found.Description}");
            verdict = checker.Check(found.History!)?.Signature;
        }
        Assert.That(verdict, Is.Not.Null, $"not found in {Budget} iterations");
        TestContext.Out.WriteLine($"objcache: found at iteration {iteration - 1}: {verdict}, trace {found!.Trace.Length} bytes, " +
                                  $"{found.Points} points, {found.Decisions} decisions");
        Assert.That(verdict, Does.StartWith("not-linearizable:").And.Contain("obj_refcount"));
        string results = Results(found.History!);
        TestContext.Out.WriteLine($"results: {results}");

        for (int replay = 0; replay < 20; replay++)
        {
            var again = executor.Run(program, 0, new NativeStrategy(NativeStrategyKind.None, 0, 0), found.Trace, Hang);
            Assert.That(again.Diverged, Is.False, $"replay {replay + 1}: {again.Description}");
            Assert.That(Results(again.History!), Is.EqualTo(results), $"replay {replay + 1}");
            Assert.That(checker.Check(again.History!)?.Signature, Is.EqualTo(verdict), $"replay {replay + 1}");
        }
    }

    [Test]
    public void An_atomic_reference_count_stays_clean()
    {
        using var sample = new SampleTarget("objcache", variant: "schedule");
        var program = Prepare(sample, AtomicRetain);
        using var checker = new ProgramChecker(sample.Target, program, sample.Invariants);
        var executor = new NativeScheduleExecutor(sample.Target, Scheduler);
        for (int i = 0; i < Budget; i++)
        {
            var outcome = executor.Run(program, i, NativeStrategy.At(SystematicStrategy.Pct, 1, i), [], Hang);
            Assert.That(outcome.History, Is.Not.Null, $"iteration {i}: {outcome.Description}");
            Assert.That(checker.Check(outcome.History!)?.Summary, Is.Null, $"iteration {i}");
        }
    }

    // A deadlocked run's threads stay parked in the runtime for good (schedrt.h); the next run begins anyway, on a
    // fresh instance of the library, so this may run in the test process among the others.
    [Test]
    public void A_lock_order_inversion_is_a_deadlock_the_runtime_sees_and_names()
    {
        using var sample = new SampleTarget("svcconf", variant: "schedule");
        var program = Prepare(sample, LockOrder);
        var executor = new NativeScheduleExecutor(sample.Target, Scheduler);
        NativeScheduleOutcome? outcome = null;
        int iteration = 0;
        for (; iteration < Budget && outcome is not { Deadlock: true }; iteration++)
        {
            outcome = executor.Run(program, iteration, NativeStrategy.At(SystematicStrategy.Pct, 1, iteration), [], Hang);
            Assert.That(outcome.Hung, Is.False, "a deadlock is seen by the runtime, not by a timeout");
        }
        TestContext.Out.WriteLine($"svcconf: deadlock at iteration {iteration - 1}:\n{outcome!.Description}");
        Assert.That(outcome.Deadlock, Is.True, $"no deadlock in {Budget} iterations");
        Assert.That(outcome.Description, Does.Contain("every unfinished thread is blocked").And.Contain("ledger_post").And.Contain("ledger_balance"));
        Assert.That(outcome.Trace, Is.Not.Empty);
    }

    static string Results(Stampede.Execution.Observations.ConcurrentHistory history) => string.Join("|", history.Calls.Select(c => c.Result));

    static PreparedProgram Prepare(SampleTarget sample, string body) =>
        sample.Prepare($"# stampede program v1\nlibrary {sample.Target.Model.Library}\n" + body);
}
