using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.ScaleOut;

/// <summary>
/// Two shards of one campaign on the kvstore sample through deploy/shard.sh, one after the other on a shared root, the
/// index given as a Kubernetes Indexed Job and a Slurm array give it: each writes only its own directory, the second
/// knows what the first recorded (a hit, not a new finding, and not failing its run), and the merge holds each key
/// once with the hits of both.
/// </summary>
[TestFixture, NonParallelizable]
public class ShardedCampaignTests
{
    [Test]
    public void The_second_shard_knows_the_first_ones_findings_and_the_merge_keeps_each_once()
    {
        string root = Directory.CreateTempSubdirectory("stampede-shards-").FullName;
        try
        {
            var first = ShardRun.Environment(root, 2);
            first["JOB_COMPLETION_INDEX"] = "0";
            var run0 = CliProcess.Run(ShardRun.Script, root, [], environment: first);
            Assert.That(run0.ExitCode, Is.EqualTo(1), run0.Out + run0.Error);
            Assert.That(run0.Out, Does.Contain("shard 0/2 of"));
            var keys0 = ShardRun.Keys(Path.Combine(root, "shard-0"));
            Assert.That(keys0, Is.Not.Empty, run0.Out);

            var second = ShardRun.Environment(root, 2);
            second["SLURM_ARRAY_TASK_ID"] = "1";
            var run1 = CliProcess.Run(ShardRun.Script, root, [], environment: second);
            Assert.That(run1.ExitCode, Is.AnyOf(0, 1), run1.Out + run1.Error);
            Assert.That(run1.Out, Does.Contain("shard 1/2 of"));
            Assert.That(Directory.GetDirectories(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "shard-0", "shard-1" }));
            var keys1 = ShardRun.Keys(Path.Combine(root, "shard-1"));
            // What shard 0 recorded is never new in shard 1: a HIT line that says who recorded it first.
            var lines = run1.Out.Split('\n');
            foreach (var key in keys1.Intersect(keys0))
            {
                Assert.That(lines.Where(l => l.StartsWith("HIT: ") && l.Contains($" {key}: ") && l.EndsWith("(recorded first by shard-0)")), Is.Not.Empty, run1.Out);
                Assert.That(lines.Where(l => l.StartsWith("NEW: ") && l.Contains($" {key}: ")), Is.Empty, run1.Out);
            }
            Assert.That(run1.Out, Does.Contain("finding(s) of theirs known"));
            if (keys1.All(keys0.Contains)) Assert.That(run1.ExitCode, Is.EqualTo(0), "only known findings: the run does not fail");

            string merged = Path.Combine(Path.GetTempPath(), Path.GetFileName(root) + "-merged");
            var merge = CliProcess.Run(null, "merge", "--out", merged, root);
            try
            {
                Assert.That(merge.ExitCode, Is.EqualTo(0), merge.Out + merge.Error);
                var findings = CorpusReader.Read(merged).Findings;
                Assert.That(findings.Select(f => f.Finding.Signature), Is.Unique.And.EquivalentTo(keys0.Union(keys1)));
                var hits = new Dictionary<string, int>();
                foreach (var shard in new[] { "shard-0", "shard-1" })
                    foreach (var f in CorpusReader.Read(Path.Combine(root, shard)).Findings)
                        hits[f.Finding.Signature] = hits.GetValueOrDefault(f.Finding.Signature) + f.Hits;
                Assert.That(findings.ToDictionary(f => f.Finding.Signature, f => f.Hits), Is.EquivalentTo(hits));
            }
            finally { if (Directory.Exists(merged)) Directory.Delete(merged, true); }
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
