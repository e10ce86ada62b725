namespace Stampede.NUnit;

/// <summary>How a corpus case is replayed (<see cref="CorpusCase.AssertFixed"/>).</summary>
/// <param name="Runs">Runs of <c>stampede repro</c> (stress: each many repetitions; a schedule: replays); null: the
/// tool's default.</param>
/// <param name="Library">Another build of the library to replay on (<c>--library</c>): the fixed version.</param>
/// <param name="Arguments">Further <c>stampede repro</c> options, as on its command line.</param>
/// <param name="TimeoutSeconds">The most a case may take before it is stopped and fails.</param>
public sealed record ReplaySettings(int? Runs = null, string? Library = null, IReadOnlyList<string>? Arguments = null, int TimeoutSeconds = 300)
{
    public static ReplaySettings Default { get; } = new();

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
