using Stampede.Findings;

namespace Stampede.Reports;

/// <summary>
/// How a gate judges one finding from how often it came back on each build (ClusterFuzzLite's rule: a failure counts
/// against a change only when it reproduces on the new build and not on the old one).
/// </summary>
public static class GateStatus
{
    public static FindingStatus Of(ReproductionRate candidate, ReproductionRate baseline) =>
        (candidate.Reproduced > 0, baseline.Reproduced > 0) switch
        {
            (true, false) => FindingStatus.New,
            (false, true) => FindingStatus.Fixed,
            (true, true) => FindingStatus.StillPresent,
            _ => FindingStatus.Flaky,
        };
}
