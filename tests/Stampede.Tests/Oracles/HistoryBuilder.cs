using Stampede.Execution.Observations;
using Stampede.Oracles.Linearizability;

namespace Stampede.Tests.Oracles;

/// <summary>
/// Hand-written histories and the sequential model that judges them: each call is a function name, an interval on
/// a made-up clock, the observed result, and what the call does to the model's state.
/// </summary>
sealed class HistoryBuilder<TState>(Func<TState> freshState)
{
    readonly List<List<CallObservation>> threads = [];
    readonly Dictionary<CallId, Func<TState, string>> effects = [];

    public HistoryBuilder<TState> Call(int thread, string function, long start, long end, string observed, Func<TState, string> effect)
    {
        while (threads.Count <= thread) threads.Add([]);
        var id = new CallId(thread, threads[thread].Count);
        threads[thread].Add(new CallObservation(id, function, start, end, observed));
        effects[id] = effect;
        return this;
    }

    public ConcurrentHistory History => new(threads.Select(t => (IReadOnlyList<CallObservation>)t.ToArray()).ToArray());

    public CountingModel Model => new(freshState, effects);

    public sealed class CountingModel(Func<TState> freshState, Dictionary<CallId, Func<TState, string>> effects) : ISequentialModel
    {
        public int Runs { get; private set; }

        public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
        {
            Runs++;
            var state = freshState();
            return order.Select(id => effects[id](state)).ToArray();
        }
    }
}

sealed class Register { public int Value; }

sealed class Fifo { public readonly Queue<int> Items = new(); }
