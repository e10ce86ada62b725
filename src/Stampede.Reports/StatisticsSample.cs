namespace Stampede.Reports;

/// <summary>
/// A campaign's counters at one moment (AFL++'s <c>plot_data</c> row is the model): written periodically to
/// <c>stats.csv</c> while it runs, and drawn as the report's chart of findings and executions over time.
/// </summary>
public sealed record StatisticsSample(TimeSpan Elapsed, long Programs, long Calls, int WorkerRestarts, int DistinctFindings);
