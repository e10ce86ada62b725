using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>The library as the oracles' sequential model, counting its runs.</summary>
public sealed class ReferenceModel(SequentialExecutor executor) : ISequentialModel
{
    public int Runs { get; private set; }

    /// <summary>False when the library cannot be unloaded: each run then starts from the state the last one left.</summary>
    public bool ResetsState => executor.ResetsState;

    public IReadOnlyList<string> Run(IReadOnlyList<CallId> order)
    {
        Runs++;
        return executor.Run(order);
    }
}
