using Stampede.Findings;
using Stampede.Reports;

namespace Stampede.Tests.Gating;

/// <summary>The gate's rule, ClusterFuzzLite's: new only when the candidate shows it and the baseline does not.</summary>
[TestFixture]
public class GateStatusTests
{
    [TestCase(3, 0, FindingStatus.New)]
    [TestCase(0, 2, FindingStatus.Fixed)]
    [TestCase(1, 5, FindingStatus.StillPresent)]
    [TestCase(0, 0, FindingStatus.Flaky)]
    public void A_finding_is_judged_by_where_it_came_back(int candidate, int baseline, FindingStatus expected) =>
        Assert.That(GateStatus.Of(new ReproductionRate(candidate, 5), new ReproductionRate(baseline, 5)), Is.EqualTo(expected));
}
