using Stampede.Execution.Observations;
using Stampede.Execution.Running;

namespace Stampede.Tests.Execution;

/// <summary>
/// The canonical text of observed results, which oracles compare, findings show and corpora keep: pinned for every
/// kind of result the sample libraries give, through both executors (the stress executor records raw values during
/// the run and renders them only when the history is read).
/// </summary>
[TestFixture]
public class CanonicalResultTests
{
    const string Program = """
        # stampede program v1
        library libtextkit.so
        setup:
          r0 = tk_tokenizer_new("a b", " ")
        thread 0:
          tk_abi_version()
          tk_format_duration(3723)
          tk_format_duration(-1)
          tk_format_duration_r(59, buf[16], 16)
          tk_parse_int("-42", buf[8])
          tk_tokenizer_next(r0)
          r1 = tk_tokenizer_new(null, " ")
          tk_tokenizer_next(r1)
          tk_next_token("q\"\\\n", ",")
        thread 1:
          r2 = tk_tokenizer_new("x", " ")
          tk_tokenizer_free(r2)
        """;

    static readonly string[] Thread0 =
    [
        "3",
        "\"1h 02m 03s\"",
        "null",
        "10 buf=\"0h 00m 59s\"",
        "0 out=x\"d6ffffffffffffff\"",
        "\"a\"",
        "null",
        PreparedCall.Skipped,
        "\"q\\\"\\\\\\n\"",
    ];

    [Test]
    public void Stress_executor_histories_render_the_canonical_text()
    {
        using var sample = new SampleTarget("textkit");
        var program = sample.Prepare(Program);
        ConcurrentHistory? history = null;
        new StressExecutor(sample.Target).Run(program, new StressOptions(Repetitions: 3, Noise: 0), outcome =>
        {
            history = ((RepetitionOutcome.Completed)outcome).History;
            return true;
        });
        Assert.That(history!.Threads[0].Select(c => c.Result), Is.EqualTo(Thread0));
        Assert.That(history.Threads[1].Select(c => c.Result), Is.EqualTo(new[] { "handle", "ok" }));
        Assert.That(history.Threads[0].All(c => c.Start <= c.End), Is.True);
    }

    [Test]
    public void Sequential_executor_renders_the_same_text()
    {
        using var sample = new SampleTarget("textkit");
        var program = sample.Prepare(Program);
        using var executor = new SequentialExecutor(sample.Target, program);
        var results = executor.Run(program.ProgramOrder());
        Assert.That(results.Take(Thread0.Length), Is.EqualTo(Thread0));
        Assert.That(results.Skip(Thread0.Length), Is.EqualTo(new[] { "handle", "ok" }));
    }
}
