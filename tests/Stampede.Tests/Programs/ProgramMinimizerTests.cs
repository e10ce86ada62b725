using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>
/// The minimizer on programs in their text form with deterministic predicates: each table row is an input program,
/// a predicate standing for "the failure still shows", and the program it must shrink to. Every candidate the
/// predicate sees is checked valid.
/// </summary>
public class ProgramMinimizerTests
{
    const string Header = "# stampede program v1\nlibrary kvstore\n";

    static ConcurrentProgram Parse(string body) => ProgramText.Parse(Header + body, TestModels.KvStore);

    static bool Calls(ConcurrentProgram p, string function, Func<Call, bool>? where = null) =>
        p.AllCalls().Any(c => c.Call.Function == function && (where?.Invoke(c.Call) ?? true));

    /// <summary>Two threads share one store, one puts while another gets: the shape of kvstore's shared-store crash.</summary>
    static bool PutAndGetOnASharedStore(ConcurrentProgram p) =>
        p.Setup.Any(c => c.Function == "kv_open") &&
        p.Threads.Count(t => t.Calls.Any(c => c.Function == "kv_put" && c.Arguments[0] is HandleArgument { Handle: 0 })) >= 1 &&
        p.Threads.Count(t => t.Calls.Any(c => c.Function is "kv_put" or "kv_get" && c.Arguments[0] is HandleArgument { Handle: 0 })) >= 2;

    static readonly object[] Table =
    [
        new object[]
        {
            "a put/get race on a shared store, buried in four threads",
            "setup:\n  r0 = kv_open(\"shared\")\n  r1 = kv_open(\"other\")\n" +
            "thread 0:\n  kv_put(r0, \"key-one\", \"value\")\n  kv_count(r1)\n  kv_put(r0, \"key-two\", \"value\")\n" +
            "thread 1:\n  r2 = kv_open(\"mine\")\n  kv_put(r2, \"k\", \"v\")\n  kv_close(r2)\n" +
            "thread 2:\n  kv_get(r0, \"key-one\", buf[64], 64)\n  kv_strerror(KV_ETRUNC)\n" +
            "thread 3:\n  kv_errno()\n  kv_name(r1)\n",
            (Func<ConcurrentProgram, bool>)PutAndGetOnASharedStore,
            "setup:\n  r0 = kv_open(\"\")\nthread 0:\n  kv_put(r0, \"\", \"\")\nthread 1:\n  kv_get(r0, \"\", buf[1], 0)\n",
        },
        new object[]
        {
            "a producer in a thread goes only with its consumers",
            "thread 0:\n  r0 = kv_open(\"mine\")\n  kv_put(r0, \"crash-key\", \"v\")\n  kv_get(r0, \"k\", buf[16], 16)\n  kv_close(r0)\n" +
            "thread 1:\n  kv_errno()\n",
            (Func<ConcurrentProgram, bool>)(p => Calls(p, "kv_put", c => c.Arguments[1] is StringArgument s && s.Value.StartsWith('c'))),
            "thread 0:\n  r0 = kv_open(\"\")\n  kv_put(r0, \"c\", \"\")\n",
        },
        new object[]
        {
            "a large integer, a buffer and its length shrink together",
            "setup:\n  r0 = kv_open(\"s\")\nthread 0:\n  kv_get(r0, \"k\", buf[4096], 4096)\n  kv_strerror(-12345)\n",
            (Func<ConcurrentProgram, bool>)(p => Calls(p, "kv_strerror", c => c.Arguments[0] is IntegerArgument { Value: < -100 })),
            "thread 0:\n  kv_strerror(-101)\n",
        },
    ];

    [TestCaseSource(nameof(Table))]
    public void Shrinks_to_the_essential_calls_and_arguments(string what, string input, Func<ConcurrentProgram, bool> reproduces, string expected)
    {
        var judged = new List<ConcurrentProgram>();
        var result = new ProgramMinimizer(TestModels.KvStore).Minimize(Parse(input), p =>
        {
            Assert.That(ProgramValidator.Validate(p, TestModels.KvStore), Is.Empty, $"{what}: the predicate got an invalid candidate:\n{p}");
            judged.Add(p);
            return reproduces(p);
        });

        Assert.That(ProgramText.Print(result.Program), Is.EqualTo(Header + expected), what);
        Assert.That(result.Stop, Is.EqualTo(MinimizationStop.Done));
        Assert.That(reproduces(result.Program), Is.True, "the result still reproduces");
        Assert.That(result.Original, Is.EqualTo(Parse(input)), "the original is kept as it was");
        Assert.That(judged.Select(ProgramHash.Of).Distinct().Count(), Is.EqualTo(judged.Count), "no candidate is run twice");
        Assert.That(result.Attempts, Is.EqualTo(judged.Count));
    }

    [Test]
    public void A_program_that_does_not_reproduce_comes_back_unchanged_after_one_attempt()
    {
        var input = Parse("thread 0:\n  kv_errno()\nthread 1:\n  kv_errno()\n");
        var result = new ProgramMinimizer(TestModels.KvStore).Minimize(input, _ => false);

        Assert.That(result.Stop, Is.EqualTo(MinimizationStop.DidNotReproduce));
        Assert.That(result.Reproduced, Is.False);
        Assert.That(result.Program, Is.EqualTo(input));
        Assert.That(result.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Attempts_are_bounded_and_the_best_program_so_far_is_returned()
    {
        var input = Parse("thread 0:\n  kv_errno()\n  kv_errno()\nthread 1:\n  kv_errno()\nthread 2:\n  kv_strerror(KV_OK)\n");
        int calls = 0;
        var result = new ProgramMinimizer(TestModels.KvStore, new MinimizationOptions(MaxAttempts: 3)).Minimize(input, _ => ++calls > 0);

        Assert.That(calls, Is.EqualTo(3));
        Assert.That(result.Attempts, Is.EqualTo(3));
        Assert.That(result.Stop, Is.EqualTo(MinimizationStop.AttemptBudget));
        Assert.That(result.Program.Threads, Has.Count.EqualTo(1), "the original, then threads 2 and 1 dropped");
        Assert.That(result.Shrunk, Is.True);
    }

    [Test]
    public void A_spent_time_budget_stops_before_the_next_attempt()
    {
        var input = Parse("thread 0:\n  kv_errno()\nthread 1:\n  kv_errno()\n");
        var result = new ProgramMinimizer(TestModels.KvStore, new MinimizationOptions(Budget: TimeSpan.Zero, CheckOriginal: false))
            .Minimize(input, _ => true);

        Assert.That(result.Stop, Is.EqualTo(MinimizationStop.TimeBudget));
        Assert.That(result.Attempts, Is.Zero);
        Assert.That(result.Program, Is.EqualTo(input));
    }

    [Test]
    public void Flags_lose_members_one_at_a_time()
    {
        var model = TestModels.Lab;
        var input = ProgramText.Parse("# stampede program v1\nlibrary lab\nthread 0:\n  lab_mask(LAB_A|LAB_B|LAB_C)\n", model);
        var result = new ProgramMinimizer(model).Minimize(input,
            p => p.AllCalls().Any(c => c.Call.Arguments.FirstOrDefault() is EnumArgument e && e.Members.Contains("LAB_B")));

        Assert.That(ProgramText.Print(result.Program), Does.EndWith("lab_mask(LAB_B)\n"));
    }

    [Test]
    public void An_invalid_input_is_refused()
    {
        var invalid = ProgramText.Parse(Header + "thread 0:\n  kv_put(r7, \"k\", \"v\")\n");
        Assert.Throws<ProgramValidationException>(() => new ProgramMinimizer(TestModels.KvStore).Minimize(invalid, _ => true));
    }
}
