using Stampede.Execution.Running;
using Stampede.Execution.Systematic;
using Stampede.Oracles.Checking;
using Stampede.Tests.Execution;
using Stampede.Tests.Samples;

namespace Stampede.Tests.Systematic;

/// <summary>
/// The systematic executor in the test process, on the sample libraries, with the oracles of stress mode. Every seeded
/// bug that lives between calls (contracts.json marks it <c>betweenCalls</c>) is found within a fixed budget of
/// iterations under a fixed seed, and its trace replays to the same verdict 20 times out of 20; the negative controls
/// give nothing in the same budget. Coyote's choices depend only on the seed, so these results are deterministic:
/// the budget is several times the iteration each bug was found at here (printed).
/// </summary>
[TestFixture]
public class SystematicExecutorTests
{
    const int Budget = 300;
    static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    /// <summary>The group each program shows, for every group contracts.json marks betweenCalls.</summary>
    static readonly (string Group, string Library, string Body, string Function)[] BetweenCalls =
    [
        ("durbuf", "textkit", "thread 0:\n  tk_format_duration(59)\nthread 1:\n  tk_format_duration(3661)\n", "tk_format_duration"),
        ("tk_error", "textkit", "thread 0:\n  tk_parse_int(\"12x\", buf[8])\n  tk_last_error()\nthread 1:\n  tk_parse_int(\"77\", buf[8])\n  tk_last_error()\n",
            "tk_last_error"),
        ("cursor", "textkit", "thread 0:\n  tk_next_token(\"a,b,c\", \",\")\n  tk_next_token(null, \",\")\n" +
                              "thread 1:\n  tk_next_token(\"x;y;z\", \";\")\n  tk_next_token(null, \";\")\n", "tk_next_token"),
    ];

    static IEnumerable<TestCaseData> Bugs() => BetweenCalls.Select(b => new TestCaseData(b.Library, b.Body, b.Function).SetName($"Found and replayed: {b.Group}"));

    [Test]
    public void Every_bug_marked_between_calls_has_a_case_here()
    {
        var marked = ContractManifest.Load().Groups.Where(g => g.Value.BetweenCalls).Select(g => g.Key);
        Assert.That(BetweenCalls.Select(b => b.Group), Is.EquivalentTo(marked));
    }

    [TestCaseSource(nameof(Bugs))]
    public void Bug_between_calls_is_found_and_its_trace_replays_20_of_20(string library, string body, string function)
    {
        using var sample = new SampleTarget(library);
        var program = Prepare(sample, body);
        using var checker = new ProgramChecker(sample.Target, program, sample.Invariants);
        var executor = new SystematicExecutor(sample.Target);
        string? verdict = null, trace = null;
        int iteration = 0;
        for (; iteration < Budget && verdict is null; iteration++)
        {
            var configuration = SystematicStrategy.At(SystematicStrategy.Portfolio, 1, iteration).Configure();
            var outcome = executor.Run(program, iteration, configuration, Hang);
            Assert.That(outcome.Hung, Is.False);
            Assert.That(outcome.Bug, Is.Null);
            verdict = checker.Check(outcome.History!)?.Signature;
            if (verdict is not null) trace = executor.Trace(program, iteration, configuration, outcome.History!, verdict, Hang);
        }
        Assert.That(verdict, Is.Not.Null, $"not found in {Budget} iterations");
        TestContext.Out.WriteLine($"{library}: found at iteration {iteration - 1}: {verdict}");
        Assert.That(verdict!.Split(':')[1].Split(','), Does.Contain(function));
        Assert.That(trace, Is.Not.Null, "the iteration run again did not give the same results");

        for (int replay = 0; replay < 20; replay++)
        {
            var again = executor.Run(program, 0, SystematicExecutor.Replaying(trace!), Hang);
            Assert.That(again.Bug, Is.Null, $"replay {replay + 1} diverged");
            Assert.That(checker.Check(again.History!)?.Signature, Is.EqualTo(verdict), $"replay {replay + 1}");
        }
    }

    [TestCase("textkit", "thread 0:\n  tk_format_duration_r(59, buf[32], 32)\n  tk_char_class_r(97)\nthread 1:\n  tk_format_duration_r(3661, buf[32], 32)\n  tk_char_class_r(97)\n",
        TestName = "Systematic control: reentrant textkit functions")]
    [TestCase("textkit", "thread 0:\n  r0 = tk_tokenizer_new(\"a,b,c\", \",\")\n  tk_tokenizer_next(r0)\n  tk_tokenizer_next(r0)\n" +
                         "thread 1:\n  r1 = tk_tokenizer_new(\"x;y;z\", \";\")\n  tk_tokenizer_next(r1)\n  tk_tokenizer_next(r1)\n",
        TestName = "Systematic control: tokenizers on distinct handles")]
    [TestCase("objcache", "thread 0:\n  sym_intern(\"key\")\n  sym_count()\nthread 1:\n  sym_intern(\"key\")\n  sym_intern(\"other\")\n  sym_count()\n",
        TestName = "Systematic control: interning under a mutex")]
    [TestCase("kvstore", "thread 0:\n  r0 = kv_open(\"a\")\n  kv_put(r0, \"k\", \"v\")\n  kv_get(r0, \"k\", buf[16], 16)\n  kv_errno()\n  kv_close(r0)\n" +
                         "thread 1:\n  r1 = kv_open(\"b\")\n  kv_put(r1, \"k\", \"w\")\n  kv_get(r1, \"k\", buf[16], 16)\n  kv_errno()\n  kv_close(r1)\n",
        TestName = "Systematic control: distinct stores")]
    public void Negative_control_gives_nothing(string library, string body)
    {
        using var sample = new SampleTarget(library);
        var program = Prepare(sample, body);
        using var checker = new ProgramChecker(sample.Target, program, sample.Invariants);
        var executor = new SystematicExecutor(sample.Target);
        for (int i = 0; i < Budget; i++)
        {
            var outcome = executor.Run(program, i, SystematicStrategy.At(SystematicStrategy.Portfolio, 1, i).Configure(), Hang);
            Assert.That(outcome.Bug, Is.Null, $"iteration {i}");
            Assert.That(checker.Check(outcome.History!)?.Summary, Is.Null, $"iteration {i}");
            Assert.That(outcome.History!.CallCount, Is.EqualTo(program.Threads.Sum(t => t.Count)));
        }
    }

    [Test]
    public void An_iteration_run_again_from_its_schedule_gives_the_same_history()
    {
        using var sample = new SampleTarget("textkit");
        var program = Prepare(sample, BetweenCalls[2].Body);
        var executor = new SystematicExecutor(sample.Target);
        string Results(int iteration) => string.Join("|", executor.Run(program, iteration,
            SystematicStrategy.At(SystematicStrategy.Random, 5, iteration).Configure(), Hang).History!.Calls.Select(c => c.Result));
        var first = Enumerable.Range(0, 10).Select(Results).ToArray();
        Assert.That(Enumerable.Range(0, 10).Select(Results), Is.EqualTo(first));
        Assert.That(first.Distinct().Count(), Is.GreaterThan(1), "ten iterations gave a single interleaving");
    }

    [Test]
    public void Portfolio_rotates_through_coyotes_strategies()
    {
        var strategies = Enumerable.Range(0, 5).Select(i => SystematicStrategy.At(SystematicStrategy.Portfolio, 1, i).Strategy);
        Assert.That(strategies, Is.EqualTo(new[] { "random", "pct:5", "pct:10", "probabilistic:2", "probabilistic:3" }));
        Assert.That(SystematicStrategy.At(SystematicStrategy.Pct, 1, 0), Is.Not.EqualTo(SystematicStrategy.At(SystematicStrategy.Pct, 1, 1)));
        Assert.Throws<ArgumentException>(() => SystematicStrategy.At("dfs", 1, 0));
    }

    static PreparedProgram Prepare(SampleTarget sample, string body) =>
        sample.Prepare($"# stampede program v1\nlibrary {sample.Target.Model.Library}\n" + body);
}
