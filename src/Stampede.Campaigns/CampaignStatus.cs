using Stampede.Execution.Running;
using Stampede.Model;
namespace Stampede.Campaigns;

/// <summary>A campaign's counters at one moment, for progress lines and the final summary.</summary>
public sealed record CampaignStatus(
    TimeSpan Elapsed, long Programs, long Repetitions, long Calls, int WorkerRestarts,
    IReadOnlyDictionary<FindingKind, int> FindingsByKind, int DistinctFindings)
{
    public double ProgramsPerSecond => Programs / Math.Max(Elapsed.TotalSeconds, 1e-9);
    public double CallsPerSecond => Calls / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>How much the stress repetitions' calls ran at the same time (none for systematic and AFL++ campaigns).</summary>
    public Concurrency Concurrency { get; init; }

    /// <summary>Calls made by the hammer phase, and the seconds it took (not counted in <see cref="Calls"/>).</summary>
    public long HammerCalls { get; init; }
    public double HammerSeconds { get; init; }

    public string Line() =>
        $"{Elapsed:hh\\:mm\\:ss} programs {Programs} ({ProgramsPerSecond:F1}/s) calls {Calls} ({CallsPerSecond:F0}/s) " +
        $"restarts {WorkerRestarts} findings {DistinctFindings}" +
        (Concurrency.Calls > 0 ? $" overlap {Concurrency.Overlap:P0}" : "") +
        (HammerCalls > 0 ? $" hammer {HammerCalls} calls in {HammerSeconds:F0}s" : "") +
        (FindingsByKind.Count > 0 ? " [" + string.Join(", ", FindingsByKind.OrderBy(k => k.Key.Name(), StringComparer.Ordinal).Select(k => $"{k.Key.Name()} {k.Value}")) + "]" : "");
}
