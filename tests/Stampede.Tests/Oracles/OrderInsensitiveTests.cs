using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Tests.Oracles;

/// <summary>
/// Calls of order-insensitive functions (here <c>version</c>: a constant, reading nothing another call changes) are
/// placed without trying orders, and a wrong result of one is final.
/// </summary>
[TestFixture]
public class OrderInsensitiveTests
{
    static readonly HashSet<string> Version = ["version"];

    static Func<Register, string> Write(int v) => r => { r.Value = v; return "ok"; };

    /// <summary>Three threads, each two overlapping writes and two version queries, then a read nobody can explain:
    /// every order of the writes must be tried, and without the mark every placement of the queries too.</summary>
    static HistoryBuilder<Register> OverlappingWritesAndVersionQueriesThenImpossibleRead(string version = "3")
    {
        var h = new HistoryBuilder<Register>(() => new());
        for (int t = 0; t < 3; t++)
        {
            h.Call(t, "version", 0, 100, version, _ => "3");
            h.Call(t, "write", 1, 101, "ok", Write(t * 10));
            h.Call(t, "version", 2, 102, "3", _ => "3");
            h.Call(t, "write", 3, 103, "ok", Write(t * 10 + 1));
        }
        return h.Call(0, "read", 200, 210, "99", r => r.Value.ToString());
    }

    [Test]
    public void Order_insensitive_calls_are_not_branched_on()
    {
        var plain = OverlappingWritesAndVersionQueriesThenImpossibleRead();
        var marked = OverlappingWritesAndVersionQueriesThenImpossibleRead();
        var plainModel = plain.Model;
        var markedModel = marked.Model;
        var without = new LinearizabilityChecker(maxReferenceRuns: 100_000).Check(plain.History, plainModel, ResultAbstraction.AllExact);
        var with = new LinearizabilityChecker(maxReferenceRuns: 100_000, Version).Check(marked.History, markedModel, ResultAbstraction.AllExact);
        TestContext.Out.WriteLine($"reference runs: {without.ReferenceRuns} unmarked, {with.ReferenceRuns} marked order-insensitive");
        Assert.Multiple(() =>
        {
            Assert.That(without, Is.TypeOf<LinearizabilityVerdict.NotLinearizable>());
            Assert.That(with, Is.TypeOf<LinearizabilityVerdict.NotLinearizable>(), "the same verdict");
            Assert.That(((LinearizabilityVerdict.NotLinearizable)with).Functions, Is.EqualTo(new[] { "read" }));
            Assert.That(with.ReferenceRuns * 10, Is.LessThan(without.ReferenceRuns), "far fewer orders explored");
        });
    }

    [Test]
    public void A_linearizable_history_with_order_insensitive_calls_is_accepted()
    {
        // The read sees thread 1's write, which only an order placing it last explains; the queries go anywhere.
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "version", 0, 50, "3", _ => "3")
            .Call(0, "write", 10, 60, "ok", Write(1))
            .Call(1, "version", 5, 55, "3", _ => "3")
            .Call(1, "write", 6, 70, "ok", Write(2))
            .Call(0, "read", 80, 90, "2", r => r.Value.ToString());
        var verdict = new LinearizabilityChecker(orderInsensitive: Version).Check(h.History, h.Model, ResultAbstraction.AllExact);
        Assert.That(verdict, Is.TypeOf<LinearizabilityVerdict.Linearizable>());
        var order = ((LinearizabilityVerdict.Linearizable)verdict).Order;
        Assert.That(order.Take(2), Is.EquivalentTo(new[] { new CallId(0, 0), new CallId(1, 0) }), "queries placed first, as soon as admissible");
    }

    [Test]
    public void A_wrong_result_of_an_order_insensitive_call_is_final()
    {
        var h = OverlappingWritesAndVersionQueriesThenImpossibleRead(version: "4");
        var verdict = new LinearizabilityChecker(orderInsensitive: Version).Check(h.History, h.Model, ResultAbstraction.AllExact);
        var failed = verdict as LinearizabilityVerdict.NotLinearizable;
        Assert.That(failed, Is.Not.Null);
        Assert.That(failed!.Culprit.Function, Is.EqualTo("version"));
        Assert.That((failed.Culprit.Result, failed.Expected), Is.EqualTo(("4", "3")));
        Assert.That(failed.ReferenceRuns, Is.EqualTo(1), "no other order is tried");
    }
}
