using Stampede.Campaigns;
using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

/// <summary>Under ThreadSanitizer, which goes on after a report, a lock-order inversion is reported and then hangs for
/// real: the hang and the report of one run are one finding, keyed by the deadlock.</summary>
[TestFixture]
public class HangExplainedByDeadlockTests
{
    static CampaignFinding Hang() => CampaignFinding.FromHang("program", new HangEvidence([0, 1],
        [new ThreadPlace(0, ThreadActivity.InCall, 1, "ledger_post", []), new ThreadPlace(1, ThreadActivity.InCall, 1, "ledger_balance", [])], []),
        ["ledger_post", "ledger_balance"]);

    static CampaignFinding Inversion() => CampaignFinding.FromReport("program",
        SanitizerReport.Parse(Fixtures.Read("tsan-lock-order-inversion-ledger.txt")).Single(), "libsvcconf.so");

    [Test]
    public void A_hang_with_a_lock_order_inversion_in_its_run_is_that_deadlock()
    {
        var (own, printed) = CampaignFinding.Explained(Hang(), [Inversion()]);

        Assert.That(own!.Signature, Is.EqualTo("deadlock:ledger_balance∥ledger_post"));
        Assert.That(own.Variant, Is.EqualTo("hang:ledger_balance,ledger_post"), "the hang's place, kept as its variant");
        Assert.That(own.Kind, Is.EqualTo(FindingKind.Hang));
        Assert.That(own.NamedBy?.Kind, Is.EqualTo("lock-order-inversion"));
        Assert.That(printed, Is.Empty, "not reported a second time");
    }

    [Test]
    public void A_hang_without_one_keeps_its_place_and_other_reports_stay()
    {
        var race = CampaignFinding.FromReport("program", SanitizerReport.Parse(Fixtures.Read("tsan-data-race-global-durbuf.txt")).Single(), "libtextkit.so");
        var (own, printed) = CampaignFinding.Explained(Hang(), [race]);

        Assert.That(own!.Signature, Is.EqualTo("hang:ledger_balance,ledger_post"));
        Assert.That(printed.Select(p => p.Signature), Is.EqualTo(new[] { "race:@duration_buffer" }));
    }
}
