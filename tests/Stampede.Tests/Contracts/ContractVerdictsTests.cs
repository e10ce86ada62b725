using Stampede.Campaigns;
using Stampede.Campaigns.Classification;
using Stampede.Model;
using Stampede.Model.Api;
using Stampede.Model.Contracts;
using Stampede.Model.Programs;

namespace Stampede.Tests.Contracts;

/// <summary>How experiments' results become contracts, on kvstore's real API model with results made up to the point.</summary>
[TestFixture]
public sealed class ContractVerdictsTests
{
    static readonly ApiModel Model = ApiModelJson.Read(Path.Combine(RepoPaths.Root, "harnesses", "kvstore", "api.json"));
    static readonly string[] Functions = ["kv_open", "kv_put", "kv_get", "kv_count", "kv_errno", "kv_strerror", "kv_tune", "kv_report"];

    static ExperimentResult Passed(string f, string g, HandleSharing sharing) => new(new(f, g, sharing), "program", null, null, false, 600);

    static ExperimentResult Failed(string f, string g, HandleSharing sharing, string key, bool oneThread = false, bool goneWhenWarm = false) =>
        new(new(f, g, sharing), "program", new CampaignFinding(FindingKind.Crash, key, "summary", "program"), "stress", oneThread, 300, goneWhenWarm);

    static LibraryContracts Judge(params ExperimentResult[] results) =>
        ContractVerdicts.Judge(Model, Functions, results, ["stress"], r => new ContractEvidence(r.Experiment.ToString(), r.Failure!.Signature, r.Failure.Kind, r.Program, "repro"));

    [Test]
    public void A_race_on_a_shared_handle_only_is_safe_on_distinct_handles_of_that_type()
    {
        var contracts = Judge(Failed("kv_put", "kv_get", HandleSharing.Shared, "race:kv_store"), Passed("kv_put", "kv_get", HandleSharing.Distinct),
            Passed("kv_open", "kv_open", HandleSharing.Distinct));
        Assert.Multiple(() =>
        {
            Assert.That(contracts.Functions["kv_put"], Has.Property("Contract").EqualTo(ThreadSafety.SafeOnDistinctHandles).And.Property("Group").EqualTo("kv_store"));
            Assert.That(contracts.Functions["kv_get"].Contract, Is.EqualTo(ThreadSafety.SafeOnDistinctHandles));
            Assert.That(contracts.Functions["kv_get"].Evidence.Single().Key, Is.EqualTo("race:kv_store"));
            Assert.That(contracts.Functions["kv_open"].Contract, Is.EqualTo(ThreadSafety.MtSafe));
            Assert.That(contracts.Functions["kv_open"].Evidence, Is.Empty);
            Assert.That(contracts.Functions["kv_open"].Tried.Sentence, Does.StartWith("no failure in 1 experiment(s), 600 repetitions"));
        });
    }

    [Test]
    public void Races_on_distinct_handles_make_one_mt_unsafe_group_of_every_function_they_link()
    {
        // kv_tune ∥ kv_report and kv_report ∥ kv_errno on handles of their own: state of the library's, one group of three.
        var contracts = Judge(Failed("kv_tune", "kv_report", HandleSharing.Distinct, "crash:SIGSEGV:kv_report"),
            Failed("kv_errno", "kv_report", HandleSharing.Distinct, "not-linearizable:kv_errno"),
            Failed("kv_put", "kv_get", HandleSharing.Shared, "race:kv_store"));
        var unsafeOnes = contracts.Functions.Where(f => f.Value.Contract == ThreadSafety.MtUnsafe).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unsafeOnes.Select(f => f.Key), Is.EquivalentTo(new[] { "kv_tune", "kv_report", "kv_errno" }));
            Assert.That(unsafeOnes.Select(f => f.Value.Group).Distinct().Count(), Is.EqualTo(1), "one race group");
            Assert.That(contracts.Functions["kv_put"].Contract, Is.EqualTo(ThreadSafety.SafeOnDistinctHandles), "another group's race does not leak into it");
        });
    }

    [Test]
    public void A_group_is_named_by_the_global_a_sanitizer_named()
    {
        var contracts = Judge(Failed("kv_errno", "kv_strerror", HandleSharing.Distinct, "race:@last_errno"));
        Assert.That(contracts.Functions["kv_strerror"].Group, Is.EqualTo("last_errno"));
        Assert.That(ContractAnnotation.Of(contracts.Functions["kv_errno"]), Is.EqualTo("MT-Unsafe race:last_errno"));
    }

    [Test]
    public void A_mixed_failure_links_a_pair_only_when_the_function_it_names_has_no_race_of_its_own()
    {
        static ExperimentResult Mixed(string f, string g, string key) =>
            new(new(f, g, HandleSharing.Distinct, Mixed: true), "program", new CampaignFinding(FindingKind.NotLinearizable, key, "summary", "program"), "stress", false, 300);
        // kv_errno's slot read by a thread that also calls kv_strerror: the pair's. kv_report races on its own, so a
        // mixed failure naming it may be that race, and kv_count is not pulled into its group.
        var contracts = Judge(Mixed("kv_strerror", "kv_errno", "isolation:kv_errno"),
            Failed("kv_report", "kv_report", HandleSharing.Distinct, "not-linearizable:kv_report"),
            Mixed("kv_count", "kv_report", "not-linearizable:kv_report"));
        Assert.Multiple(() =>
        {
            Assert.That(contracts.Functions["kv_strerror"].Group, Is.EqualTo(contracts.Functions["kv_errno"].Group).And.Not.Null);
            Assert.That(contracts.Functions["kv_errno"].Contract, Is.EqualTo(ThreadSafety.MtUnsafe));
            Assert.That(contracts.Functions["kv_report"].Contract, Is.EqualTo(ThreadSafety.MtUnsafe));
            Assert.That(contracts.Functions["kv_count"].Contract, Is.EqualTo(ThreadSafety.MtSafe));
        });
    }

    [Test]
    public void Among_a_groups_members_the_ones_that_are_not_readers_are_const_writers()
    {
        // kv_tune races with itself and with kv_report; kv_report and kv_errno are quiet alone and together: readers.
        var contracts = Judge(Failed("kv_tune", "kv_tune", HandleSharing.Distinct, "race:@verbose"),
            Failed("kv_tune", "kv_report", HandleSharing.Distinct, "race:@verbose"),
            Failed("kv_tune", "kv_errno", HandleSharing.Distinct, "race:@verbose"),
            Passed("kv_report", "kv_errno", HandleSharing.Distinct));
        Assert.Multiple(() =>
        {
            Assert.That(contracts.Functions["kv_tune"].Remarks, Does.Contain(ContractRemarks.Const));
            Assert.That(contracts.Functions["kv_report"].Remarks, Does.Not.Contain(ContractRemarks.Const));
            Assert.That(contracts.Functions["kv_errno"].Group, Is.EqualTo("verbose"));
        });
    }

    [Test]
    public void A_race_gone_once_the_library_is_warmed_up_is_marked_init()
    {
        var contracts = Judge(Failed("kv_errno", "kv_errno", HandleSharing.Distinct, "race:@table", goneWhenWarm: true),
            Failed("kv_tune", "kv_tune", HandleSharing.Distinct, "race:@verbose"));
        Assert.Multiple(() =>
        {
            Assert.That(ContractAnnotation.Of(contracts.Functions["kv_errno"]), Is.EqualTo("MT-Unsafe race:table init"));
            Assert.That(contracts.Functions["kv_tune"].Remarks, Does.Not.Contain(ContractRemarks.Init));
        });
    }

    [Test]
    public void An_out_of_memory_finding_is_no_evidence_of_a_race()
    {
        var oom = new ExperimentResult(new("kv_put", "kv_get", HandleSharing.Shared), "program",
            new CampaignFinding(FindingKind.OutOfMemory, "oom:(between calls)", "summary", "program"), "stress", false, 300);
        Assert.That(Judge(oom).Functions["kv_put"].Contract, Is.EqualTo(ThreadSafety.MtSafe));
    }

    [Test]
    public void A_failure_that_comes_back_on_one_thread_is_no_race()
    {
        var contracts = Judge(Failed("kv_strerror", "kv_strerror", HandleSharing.Distinct, "crash:SIGSEGV:kv_strerror", oneThread: true));
        Assert.Multiple(() =>
        {
            Assert.That(contracts.Functions["kv_strerror"].Contract, Is.EqualTo(ThreadSafety.MtSafe));
            Assert.That(contracts.Functions["kv_strerror"].Remarks, Does.Contain(ContractRemarks.FailsOnOneThread));
        });
    }
}
