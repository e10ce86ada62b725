using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;

namespace Stampede.Tests.Sanitizers;

/// <summary>How a worker that ended with the sanitizer's exit code becomes a finding, from its standard error.</summary>
public class SanitizerFindingTests
{
    static CrashEvidence Ended(string stderr) =>
        new(Sanitizer.ExitCode, null, [], null, [], stderr, Stampede.Sanitizers.SanitizerReport.Parse(stderr));

    [Test]
    public void A_whole_report_that_involves_the_library_is_a_sanitizer_finding_keyed_by_its_functions_at_its_lines()
    {
        string stderr = File.ReadAllText(Path.Combine(Fixtures.Dir, "tsan-lock-order-inversion-ledger.txt"));
        var finding = CampaignFinding.FromCrash("p", Ended(stderr), "libsvcconf.so");
        Assert.That(finding.Kind.Name(), Is.EqualTo("sanitizer"));
        Assert.That(finding.Signature, Is.EqualTo("deadlock:ledger_balance∥ledger_post"));
        Assert.That(finding.Variant, Is.EqualTo("sanitizer:lock-order-inversion:svcconf.c:170|svcconf.c:184"));
        Assert.That(finding.Sanitizer, Is.Not.Null);
    }

    [Test]
    public void A_report_cut_short_is_still_a_sanitizer_finding_named_by_its_summary_line()
    {
        var finding = CampaignFinding.FromCrash("p", Ended(
            "    #3 0x7f in table_set\nSUMMARY: AddressSanitizer: heap-buffer-overflow /src/native/samples/svcconf/svcconf.c:52:9 in table_set\n"),
            "libsvcconf.so");
        Assert.That(finding.Kind.Name(), Is.EqualTo("sanitizer"));
        Assert.That(finding.Signature, Is.EqualTo("sanitizer:heap-buffer-overflow svcconf.c:52:9 in table_set"));
        Assert.That(finding.Variant, Is.Null, "no report to key it by: its place is all there is");
    }

    [Test]
    public void Without_a_report_it_stays_a_crash() =>
        Assert.That(CampaignFinding.FromCrash("p", Ended("something else\n"), "libsvcconf.so").Kind.Name(), Is.EqualTo("crash"));
}
