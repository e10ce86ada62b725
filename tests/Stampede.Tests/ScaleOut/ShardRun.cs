using Stampede.Tests.Bindgen;

namespace Stampede.Tests.ScaleOut;

/// <summary>deploy/shard.sh, the command every scheduler runs for one shard, run with this build's CLI on the kvstore
/// sample: what the Slurm and Kubernetes tests share.</summary>
internal static class ShardRun
{
    public static string Script => Path.Combine(RepositoryPaths.Root, "deploy", "shard.sh");

    public static string Harness => Path.Combine(RepositoryPaths.Root, "harnesses", "kvstore");

    /// <summary>The environment deploy/shard.sh reads, for a short campaign without follow-up work.</summary>
    public static Dictionary<string, string?> Environment(string corpus, int shards, string duration = "8s") => new()
    {
        ["STAMPEDE"] = $"dotnet {RepositoryPaths.Cli}",
        ["HARNESS"] = Harness,
        ["CORPUS"] = corpus,
        ["SHARDS"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DURATION"] = duration,
        ["SEED"] = "1",
        ["SYNC_INTERVAL"] = "2s",
        ["STAMPEDE_ARGS"] = "--no-triage --no-minimize",
        ["JOB_COMPLETION_INDEX"] = null,
        ["SLURM_ARRAY_TASK_ID"] = null,
        ["STAMPEDE_HOME"] = null,
    };

    /// <summary>The finding keys of one shard's corpus.</summary>
    public static IReadOnlyList<string> Keys(string corpus) =>
        Directory.Exists(corpus) ? Stampede.Findings.CorpusReader.Read(corpus).Findings.Select(f => f.Finding.Signature).ToList() : [];
}
