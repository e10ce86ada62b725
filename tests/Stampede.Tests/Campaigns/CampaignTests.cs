using Stampede.Model;
using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;

namespace Stampede.Tests.Campaigns;

/// <summary>A real campaign with two worker processes on the textkit sample, whose wrong-result bugs are found
/// within seconds (benchmarks: medians 1–12 s); 30 programs, at most a minute.</summary>
[TestFixture]
public class CampaignTests
{
    [Test]
    public void Two_jobs_feed_their_own_workers_and_report_findings()
    {
        string corpus = Directory.CreateTempSubdirectory("stampede-campaign-").FullName;
        try
        {
            var findings = new List<CampaignFinding>();
            var options = new CampaignOptions(TimeSpan.FromSeconds(60),
                Threads: 4, Jobs: 2, Seed: 3, CorpusDirectory: corpus, Mode: new ProgramMode.Stress(Repetitions: 100), MaxPrograms: 30);
            var campaign = new Campaign(Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "textkit")), options, WorkerLaunch.CliIn(AppContext.BaseDirectory), f => { lock (findings) findings.Add(f); });
            var status = campaign.Run(CancellationToken.None);

            Assert.That(findings, Is.Not.Empty, $"no finding in {status.Line()}");
            Assert.That(findings.Select(f => f.Kind.Name()), Has.All.AnyOf("not-linearizable", "isolation"));
            Assert.That(findings[0].Signature, Does.Match("^(not-linearizable|isolation):tk_"));
            Assert.That(findings[0].Program, Does.StartWith("# stampede program v1"));
            // Each job writes its program before sending it (ResumeAfterKillTests catches one there) and removes it at the end.
            Assert.That(Directory.GetFiles(Path.Combine(corpus, CorpusPrograms.InFlight)), Is.Empty);
            Assert.That(status.Programs, Is.GreaterThan(0));
        }
        finally { Directory.Delete(corpus, recursive: true); }
    }
}
