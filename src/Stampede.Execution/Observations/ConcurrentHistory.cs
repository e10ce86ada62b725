namespace Stampede.Execution.Observations;

/// <summary>What one concurrent run of a program observed: per thread, its calls in program order.</summary>
public sealed record ConcurrentHistory(IReadOnlyList<IReadOnlyList<CallObservation>> Threads)
{
    public IEnumerable<CallObservation> Calls => Threads.SelectMany(t => t);

    public int CallCount => Threads.Sum(t => t.Count);

    public CallObservation this[CallId id] => Threads[id.Thread][id.Position];
}
