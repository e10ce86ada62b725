using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Tests.Oracles;

[TestFixture]
public class LinearizabilityCheckerTests
{
    static readonly LinearizabilityChecker Checker = new();

    static Func<Register, string> Write(int v) => r => { r.Value = v; return "ok"; };
    static string Read(Register r) => r.Value.ToString();

    [Test]
    public void A_read_overlapping_a_write_may_see_it()
    {
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "write", 0, 10, "ok", Write(1))
            .Call(1, "read", 5, 15, "1", Read);
        var verdict = Checker.Check(h.History, h.Model, ResultAbstraction.AllExact);
        Assert.That(verdict, Is.TypeOf<LinearizabilityVerdict.Linearizable>());
        Assert.That(verdict.ReferenceRuns, Is.EqualTo(1), "the greedy order explains it at once");
    }

    [Test]
    public void A_read_after_a_finished_write_must_see_it()
    {
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "write", 0, 10, "ok", Write(1))
            .Call(1, "read", 20, 30, "0", Read);
        var verdict = Checker.Check(h.History, h.Model, ResultAbstraction.AllExact);
        var failed = verdict as LinearizabilityVerdict.NotLinearizable;
        Assert.That(failed, Is.Not.Null);
        Assert.That(failed!.Culprit.Function, Is.EqualTo("read"));
        Assert.That((failed.Culprit.Result, failed.Expected), Is.EqualTo(("0", "1")));
        Assert.That(failed.Witness, Is.EqualTo(new[] { new CallId(0, 0) }));
        Assert.That(failed.Functions, Is.EqualTo(new[] { "read" }));
    }

    [Test]
    public void A_history_explained_only_by_moving_the_first_starter_last_is_linearizable()
    {
        // enq(1) starts first and spans everything; thread 1 enqueues 2 and dequeues 2. Only orders that put
        // enq(2) before enq(1) explain it, against the start-time order the greedy probe tries first.
        var h = new HistoryBuilder<Fifo>(() => new())
            .Call(0, "enq", 0, 100, "ok", q => { q.Items.Enqueue(1); return "ok"; })
            .Call(1, "enq", 10, 20, "ok", q => { q.Items.Enqueue(2); return "ok"; })
            .Call(1, "deq", 30, 40, "2", q => q.Items.TryDequeue(out int v) ? v.ToString() : "empty");
        var verdict = Checker.Check(h.History, h.Model, ResultAbstraction.AllExact);
        Assert.That(verdict, Is.TypeOf<LinearizabilityVerdict.Linearizable>());
        Assert.That(((LinearizabilityVerdict.Linearizable)verdict).Order[0], Is.EqualTo(new CallId(1, 0)));
        Assert.That(verdict.ReferenceRuns, Is.GreaterThan(1));
    }

    [Test]
    public void A_static_buffer_returning_the_other_threads_text_is_not_linearizable()
    {
        // Two threads format different values; one of them observed the other's text.
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "format", 0, 10, "\"59s\"", _ => "\"59s\"")
            .Call(1, "format", 2, 12, "\"59s\"", _ => "\"1h\"");
        var failed = Checker.Check(h.History, h.Model, ResultAbstraction.AllExact) as LinearizabilityVerdict.NotLinearizable;
        Assert.That(failed, Is.Not.Null);
        Assert.That(failed!.Functions, Is.EqualTo(new[] { "format" }));
        Assert.That(failed.Culprit.Id, Is.EqualTo(new CallId(1, 0)));
    }

    [Test]
    public void Calls_that_did_not_overlap_are_never_reordered()
    {
        // Sequentially consistent (read 0 then write 1) but not linearizable: the write finished before the read began.
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "write", 0, 5, "ok", Write(1))
            .Call(1, "read", 6, 9, "0", Read);
        Assert.That(Checker.Check(h.History, h.Model, ResultAbstraction.AllExact),
            Is.TypeOf<LinearizabilityVerdict.NotLinearizable>());
    }

    static HistoryBuilder<Register> OverlappingWritesThenImpossibleRead(int threads, int writes)
    {
        var h = new HistoryBuilder<Register>(() => new());
        for (int t = 0; t < threads; t++)
            for (int i = 0; i < writes; i++)
                h.Call(t, "write", i * 10, i * 10 + 50, "ok", Write(t * 10 + i));
        return h.Call(0, "read", 200, 210, "99", Read);
    }

    [Test]
    public void Many_overlapping_calls_with_one_impossible_result_are_rejected_within_budget()
    {
        // 3 threads x 2 writes all overlapping (90 orders), then a read of a value nobody wrote: every order
        // must be tried and fail.
        var h = OverlappingWritesThenImpossibleRead(threads: 3, writes: 2);
        var verdict = Checker.Check(h.History, h.Model, ResultAbstraction.AllExact);
        Assert.That(verdict, Is.TypeOf<LinearizabilityVerdict.NotLinearizable>());
        Assert.That(((LinearizabilityVerdict.NotLinearizable)verdict).Functions, Is.EqualTo(new[] { "read" }));
    }

    [Test]
    public void A_search_that_exceeds_its_budget_is_undecided_not_a_finding()
    {
        var h = OverlappingWritesThenImpossibleRead(threads: 4, writes: 3);
        var verdict = new LinearizabilityChecker(maxReferenceRuns: 5).Check(h.History, h.Model, ResultAbstraction.AllExact);
        Assert.That(verdict, Is.TypeOf<LinearizabilityVerdict.Undecided>());
    }
}
