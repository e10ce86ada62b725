using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// The library as the oracles' sequential model, counting its runs. When each run starts from fresh state, the results
/// of every order it ran are kept (<see cref="OrderTrie"/>) and given again for that order and its prefixes: the
/// searches of one program's repetitions ask for the same orders and prefixes again and again. A function whose results
/// differ from run to run anyway is compared by pattern or not at all (calibration, which runs through
/// <see cref="Uncached"/>, found that out), so a kept run stands for any other. State carried over from run to run is
/// another matter: then every run is real.
/// </summary>
public sealed class ReferenceModel(SequentialExecutor executor) : ISequentialModel
{
    readonly OrderTrie kept = new();

    /// <summary>Runs of the library so far (kept results given again are not runs).</summary>
    public int Runs { get; private set; }

    /// <summary>False when the library cannot be unloaded: each run then starts from the state the last one left.</summary>
    public bool ResetsState => executor.ResetsState;

    /// <summary>The same library, every order run for real: what calibration must see.</summary>
    public ISequentialModel Uncached => new Unkept(this);

    public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
    {
        if (!ResetsState) return RunNow(order);
        if (kept.Find(order) is { } known) return known;
        var results = RunNow(order);
        kept.Add(order, results);
        return results;
    }

    public IReadOnlyList<string>? Known(IReadOnlyList<CallId> prefix) => ResetsState ? kept.Find(prefix) : null;

    IReadOnlyList<string> RunNow(IReadOnlyList<CallId> order)
    {
        Runs++;
        return executor.Run(order);
    }

    sealed class Unkept(ReferenceModel model) : ISequentialModel
    {
        public IReadOnlyList<string> Run(IReadOnlyList<CallId> order) => model.RunNow(order);
    }
}
