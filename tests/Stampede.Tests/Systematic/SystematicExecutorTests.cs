using Stampede.Execution.Systematic;
using Stampede.Oracles.Checking;
using Stampede.Tests.Execution;

namespace Stampede.Tests.Systematic;

/// <summary>
/// The systematic executor in the test process, on the sample libraries: Coyote's schedules find the bugs that live
/// between calls within a fixed budget and seed, a found iteration's trace replays to the same verdict every time, and
/// the same iteration run again from its schedule alone gives the same history.
/// </summary>
[TestFixture]
public class SystematicExecutorTests
{
    const string Header = "# stampede program v1\n";
    static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    const string StaticBuffer = "thread 0:\n  tk_format_duration(59)\nthread 1:\n  tk_format_duration(3661)\n";

    record Found(int Iteration, string Verdict, string Trace);

    static Found? Explore(SampleTarget sample, string body, string strategy, int iterations)
    {
        var program = sample.Prepare(Header + $"library {sample.Target.Model.Library}\n" + body);
        using var checker = new ProgramChecker(sample.Target, program, sample.Invariants);
        var executor = new SystematicExecutor(sample.Target);
        for (int i = 0; i < iterations; i++)
        {
            var outcome = executor.Run(program, i, SystematicStrategy.At(strategy, 1, i).Configure(),
                history => checker.Check(history)?.Signature, Hang);
            Assert.That(outcome.Hung, Is.False);
            if (outcome.Bug is { } bug) return new Found(i, bug, outcome.Trace!);
        }
        return null;
    }

    [Test]
    public void Static_buffer_is_found_and_its_trace_replays_every_time()
    {
        using var sample = new SampleTarget("textkit");
        var found = Explore(sample, StaticBuffer, SystematicStrategy.Random, 200);
        Assert.That(found, Is.Not.Null, "not found in 200 iterations");
        TestContext.Out.WriteLine($"found at iteration {found!.Iteration}: {found.Verdict}");
        Assert.That(found.Verdict, Does.Contain("tk_format_duration"));

        var program = sample.Prepare(Header + $"library {sample.Target.Model.Library}\n" + StaticBuffer);
        using var checker = new ProgramChecker(sample.Target, program, sample.Invariants);
        var executor = new SystematicExecutor(sample.Target);
        for (int replay = 0; replay < 20; replay++)
        {
            var outcome = executor.Run(program, 0, SystematicExecutor.Replaying(found.Trace), h => checker.Check(h)?.Signature, Hang);
            Assert.That(outcome.Bug, Is.EqualTo(found.Verdict), $"replay {replay}");
        }
    }
}
