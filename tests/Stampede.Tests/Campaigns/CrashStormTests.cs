using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// 100 programs in a row that each kill their worker (svcconf's seeded ordinary bug: <c>conf_import</c> of a comment
/// without a newline dereferences strchr's NULL, deterministically, on the first repetition), fed through a real
/// campaign with two workers. Guarantees: the supervisor outlives every death, every program is recorded as a hit,
/// and the hits fold into one signature with one directory in the corpus. (200 took 150 s of the default test run, each
/// death a worker restart; 100 guarantee the same.)
/// </summary>
[TestFixture]
public class CrashStormTests
{
    const int Programs = 100;

    [Test]
    public void The_supervisor_survives_100_consecutive_crashing_programs_and_records_every_one_under_one_signature()
    {
        string corpus = Directory.CreateTempSubdirectory("stampede-storm-").FullName;
        try
        {
            var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "svcconf"));
            string seeds = Path.Combine(corpus, CorpusLayout.Seeds);
            Directory.CreateDirectory(seeds);
            for (int i = 0; i < Programs; i++)
                ProgramFiles.Add(seeds, $"# stampede program v1\nlibrary {harness.Library}\n" +
                                        $"thread 0:\n  conf_set(\"k{i}\", \"v\")\n  conf_import(\"# comment {i}\")\n" +
                                        $"thread 1:\n  stats_add({i})\n");

            using var store = FindingStore.Open(corpus);
            int reported = 0;
            var options = new CampaignOptions(TimeSpan.FromMinutes(15), Jobs: 2, CorpusDirectory: corpus,
                Mode: new ProgramMode.Stress(Repetitions: 10), MaxPrograms: Programs);
            var campaign = new Campaign(harness, options, WorkerLaunch.CliIn(AppContext.BaseDirectory), finding =>
            {
                Interlocked.Increment(ref reported);
                store.Record(FindingConversion.ToFinding(finding, harness.Library, "repro"));
            });
            var status = campaign.Run(CancellationToken.None);

            Assert.That(campaign.CorpusProgramsToRun, Has.Count.EqualTo(Programs));
            Assert.That(status.Programs, Is.EqualTo(Programs), status.Line());
            Assert.That(reported, Is.EqualTo(Programs), "every crash reported");
            Assert.That(status.WorkerRestarts, Is.EqualTo(Programs), "a fresh worker after each death");
            var recorded = store.Findings.Single();
            Assert.That(recorded.Finding.Signature, Is.EqualTo("crash:SIGSEGV:conf_import"));
            Assert.That(recorded.Hits, Is.EqualTo(Programs));
            Assert.That(Directory.GetDirectories(store.FindingsDirectory), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(corpus, CorpusPrograms.InFlight)), Is.Empty,
                "a campaign that ends normally leaves nothing in flight");
        }
        finally { Directory.Delete(corpus, recursive: true); }
    }
}
