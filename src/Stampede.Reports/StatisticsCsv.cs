using System.Globalization;

namespace Stampede.Reports;

/// <summary>
/// <c>stats.csv</c>, a campaign's counters over time, one row per <see cref="StatisticsSample"/> appended as the campaign
/// runs (AFL++'s <c>plot_data</c> is the model), so a nightly job's progress can be plotted even when it is killed.
/// </summary>
public static class StatisticsCsv
{
    public const string FileName = "stats.csv";

    public const string Header = "elapsed_seconds,programs,calls,worker_restarts,distinct_findings";

    public static string Row(StatisticsSample sample) => string.Join(',',
        sample.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), sample.Programs, sample.Calls, sample.WorkerRestarts, sample.DistinctFindings);
}
