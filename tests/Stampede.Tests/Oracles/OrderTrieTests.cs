using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Tests.Oracles;

/// <summary>The results a deterministic reference gave, kept by prefix, and the search using them instead of runs.</summary>
[TestFixture]
public sealed class OrderTrieTests
{
    static readonly CallId A = new(0, 0), B = new(1, 0), C = new(1, 1);

    [Test]
    public void Every_prefix_of_a_run_order_is_known_and_nothing_else()
    {
        var trie = new OrderTrie();
        trie.Add([A, B, C], ["1", "2", "3"]);
        Assert.Multiple(() =>
        {
            Assert.That(trie.Find([A, B]), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(trie.Find([A, B, C]), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That(trie.Find([B]), Is.Null, "no run began with B");
            Assert.That(trie.Find([A, C]), Is.Null);
        });
    }

    [Test]
    public void A_search_over_orders_the_model_knows_runs_nothing()
    {
        // Read after a finished write, which saw it: linearizable along the only admissible order.
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "write", 0, 10, "ok", r => { r.Value = 1; return "ok"; })
            .Call(1, "read", 20, 30, "1", r => r.Value.ToString());
        var model = new RememberingModel(h.Model);
        var checker = new LinearizabilityChecker();
        Assert.That(checker.Check(h.History, model, ResultAbstraction.AllExact).ReferenceRuns, Is.EqualTo(1));
        var again = checker.Check(h.History, model, ResultAbstraction.AllExact);
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.TypeOf<LinearizabilityVerdict.Linearizable>());
            Assert.That(again.ReferenceRuns, Is.Zero, "the second search found every prefix known");
            Assert.That(model.Runs, Is.EqualTo(1));
        });
    }

    /// <summary>A model that keeps what it ran, as the library's reference does when each run starts fresh.</summary>
    sealed class RememberingModel(ISequentialModel inner) : ISequentialModel
    {
        readonly OrderTrie kept = new();
        public int Runs { get; private set; }

        public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
        {
            Runs++;
            var results = inner.Run(order);
            kept.Add(order, results);
            return results;
        }

        public IReadOnlyList<string>? Known(IReadOnlyList<CallId> prefix) => kept.Find(prefix);
    }
}
