namespace Stampede.Execution.Observations;

/// <summary>
/// What one concurrent run of a program observed: per thread, its calls in program order. The stress executor
/// records raw values while the threads run and builds the observations (canonical text included) only when
/// <see cref="Threads"/> is first read, so a repetition nobody checks costs no text; such a history must be read
/// before the executor starts the next repetition, which overwrites its records.
/// </summary>
public sealed class ConcurrentHistory
{
    IReadOnlyList<IReadOnlyList<CallObservation>>? threads;
    readonly Func<IReadOnlyList<IReadOnlyList<CallObservation>>>? build;

    public ConcurrentHistory(IReadOnlyList<IReadOnlyList<CallObservation>> threads)
    {
        this.threads = threads;
        CallCount = threads.Sum(t => t.Count);
    }

    /// <summary>A history built on first use by <paramref name="build"/>, which throws once its records are gone.</summary>
    public ConcurrentHistory(int callCount, Func<IReadOnlyList<IReadOnlyList<CallObservation>>> build) =>
        (CallCount, this.build) = (callCount, build);

    public IReadOnlyList<IReadOnlyList<CallObservation>> Threads => threads ??= build!();

    public IEnumerable<CallObservation> Calls => Threads.SelectMany(t => t);

    public int CallCount { get; }

    public CallObservation this[CallId id] => Threads[id.Thread][id.Position];
}
