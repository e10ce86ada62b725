using Stampede.Campaigns;
using Stampede.Reports;

namespace Stampede.Cli;

/// <summary>
/// Samples a campaign's counters every <see cref="Interval"/> (AFL++ writes <c>plot_data</c> every 5 s), keeps them for
/// the report's chart, and appends each to <c>stats.csv</c> in <c>--out</c> as it goes, so a nightly job killed midway
/// still leaves its curve. A row that cannot be written is warned about once; the campaign goes on.
/// </summary>
internal sealed class StatisticsRecorder : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    readonly Func<CampaignStatus?> status;
    readonly Func<int> distinctFindings;
    readonly string? csv;
    readonly List<StatisticsSample> samples = [];
    readonly Timer timer;
    bool warned;

    public StatisticsRecorder(Func<CampaignStatus?> status, Func<int> distinctFindings, string? outDirectory)
    {
        (this.status, this.distinctFindings) = (status, distinctFindings);
        if (outDirectory is not null)
        {
            csv = Path.Combine(outDirectory, StatisticsCsv.FileName);
            Append(StatisticsCsv.Header, create: true);
        }
        timer = new Timer(_ => Take(), null, Interval, Interval);
    }

    public IReadOnlyList<StatisticsSample> Samples
    {
        get { lock (samples) return [.. samples]; }
    }

    /// <summary>One more sample now (the campaign's end).</summary>
    public void Take()
    {
        if (status() is not { } now) return;
        var sample = new StatisticsSample(now.Elapsed, now.Programs, now.Calls, now.WorkerRestarts, distinctFindings());
        lock (samples)
        {
            if (samples.Count > 0 && samples[^1].Elapsed >= sample.Elapsed) return;
            samples.Add(sample);
            Append(StatisticsCsv.Row(sample), create: false);
        }
    }

    void Append(string line, bool create)
    {
        if (csv is null) return;
        try
        {
            if (create)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(csv)!);
                File.WriteAllText(csv, line + "\n");
            }
            else File.AppendAllText(csv, line + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!warned) Output.Warning($"cannot write {csv} ({e.Message}); the campaign goes on without its statistics file");
            warned = true;
        }
    }

    public void Dispose() => timer.Dispose();
}
