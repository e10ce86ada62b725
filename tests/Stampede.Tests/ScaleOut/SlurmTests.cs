using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.ScaleOut;

/// <summary>
/// A real single-node Slurm cluster (scripts/slurm-up: munge, slurmctld and slurmd on this machine) runs a 2-shard array
/// job of deploy/slurm/stampede-shards.sbatch on the kvstore sample, both shards at once; then
/// deploy/slurm/stampede-merge.sbatch, submitted to run after it, merges the shared root. The merged corpus holds every
/// finding of both shards once, with their hits summed. Skipped, saying why, only where Slurm cannot start (not root,
/// or scripts/slurm-up failed).
/// </summary>
[TestFixture, NonParallelizable]
public class SlurmTests
{
    static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    [OneTimeSetUp]
    public void BringUp()
    {
        if (Environment.UserName != "root") Assert.Ignore("Slurm needs root to start its daemons here; run the tests as root (CI does)");
        var up = CliProcess.Run(Path.Combine(RepositoryPaths.Root, "scripts", "slurm-up"), RepositoryPaths.Root, [], timeoutMs: 600_000);
        if (up.ExitCode != 0) Assert.Ignore($"Slurm could not start on this machine: {(up.Error + up.Out).Trim().Split('\n')[^1]}");
    }

    [Test]
    public void A_two_shard_array_job_and_its_merge_keep_each_finding_once()
    {
        string work = Directory.CreateTempSubdirectory("stampede-slurm-").FullName;
        try
        {
            string root = Path.Combine(work, "corpus"), merged = Path.Combine(work, "merged");
            var environment = ShardRun.Environment(root, 2, duration: "10s");
            environment["MERGED"] = merged;
            string exports = "--export=ALL," + string.Join(',', environment.Where(e => e.Value is not null).Select(e => $"{e.Key}={e.Value}"));
            // Submitted from the repository's root, where the batch script finds deploy/shard.sh.
            var shards = Sbatch(["--parsable", "--array=0-1", exports, "--chdir", RepositoryPaths.Root,
                $"--output={work}/shard-%a.out", "deploy/slurm/stampede-shards.sbatch"]);
            var merge = Sbatch(["--parsable", $"--dependency=afterany:{shards}", exports, "--chdir", RepositoryPaths.Root,
                $"--output={work}/merge.out", "deploy/slurm/stampede-merge.sbatch"]);
            WaitFor(shards, merge);

            string Log(string name) => File.Exists(Path.Combine(work, name)) ? File.ReadAllText(Path.Combine(work, name)) : $"({name} missing)";
            string logs = $"shard 0:\n{Log("shard-0.out")}\nshard 1:\n{Log("shard-1.out")}\nmerge:\n{Log("merge.out")}";
            Assert.That(Log("shard-0.out"), Does.Contain("shard 0/2 of"), logs);
            Assert.That(Log("shard-1.out"), Does.Contain("shard 1/2 of"), logs);
            var keys0 = ShardRun.Keys(Path.Combine(root, "shard-0"));
            var keys1 = ShardRun.Keys(Path.Combine(root, "shard-1"));
            Assert.That(keys0.Concat(keys1), Is.Not.Empty, logs);
            Assert.That(Log("merge.out"), Does.Contain("SUMMARY:"), logs);
            var findings = CorpusReader.Read(merged).Findings;
            Assert.That(findings.Select(f => f.Finding.Signature), Is.Unique.And.EquivalentTo(keys0.Union(keys1)), logs);
            var hits = keys0.Concat(keys1).Distinct().ToDictionary(k => k, k =>
                new[] { "shard-0", "shard-1" }.Sum(s => CorpusReader.Read(Path.Combine(root, s)).Findings.Where(f => f.Finding.Signature == k).Sum(f => f.Hits)));
            Assert.That(findings.ToDictionary(f => f.Finding.Signature, f => f.Hits), Is.EquivalentTo(hits));
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    static string Sbatch(string[] args)
    {
        var submitted = CliProcess.Run("sbatch", RepositoryPaths.Root, args);
        Assert.That(submitted.ExitCode, Is.EqualTo(0), submitted.Out + submitted.Error);
        return submitted.Out.Trim().Split(';')[0];
    }

    /// <summary>Until the jobs have left the queue.</summary>
    static void WaitFor(params string[] jobs)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Wait)
        {
            var queue = CliProcess.Run("squeue", RepositoryPaths.Root, ["-h", "-j", string.Join(',', jobs), "-o", "%i %T"]);
            // Gone from the queue: no line, or (once Slurm has forgotten them) an unknown job id.
            if ((queue.ExitCode == 0 && queue.Out.Trim().Length == 0) || queue.Error.Contains("Invalid job id")) return;
            Thread.Sleep(1000);
        }
        CliProcess.Run("scancel", RepositoryPaths.Root, [.. jobs]);
        Assert.Fail($"the jobs {string.Join(", ", jobs)} were still queued or running after {Wait.TotalMinutes} minutes");
    }
}
