using Stampede.Tests.Bindgen;
using YamlDotNet.RepresentationModel;

namespace Stampede.Tests.ScaleOut;

/// <summary>
/// deploy/kubernetes/stampede-shards.yaml, which no cluster here can run, held to what it must say: it parses; the shards
/// are an Indexed Job whose completions and parallelism match its SHARDS; a shard is retried when its pod died but not
/// when it ran to "findings" (exit 1), and a configuration error (exit 2) fails the job; the corpus is one shared
/// volume; each pod runs deploy/shard.sh, the command the Slurm array runs, copied into the image by the Dockerfile;
/// and the index Kubernetes gives a pod reaches the campaign (the script run with that environment and this build).
/// </summary>
[TestFixture]
public class KubernetesManifestTests
{
    static string Manifest => Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "stampede-shards.yaml");

    static List<YamlMappingNode> Documents()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Manifest)) stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => int.TryParse(key, out int i) ? ((YamlSequenceNode)n).Children[i] : ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    static YamlMappingNode Job(string name) =>
        Documents().Single(d => Text(d, "kind") == "Job" && Text(d, "metadata", "name") == name);

    [Test]
    public void The_shards_are_an_indexed_job_that_does_not_retry_a_result()
    {
        var job = Job("stampede-shards");
        var spec = At(job, "spec");
        Assert.That(Text(spec, "completionMode"), Is.EqualTo("Indexed"));
        var container = At(spec, "template", "spec", "containers", "0");
        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        Assert.That(Text(spec, "completions"), Is.EqualTo(env["SHARDS"]));
        Assert.That(Text(spec, "parallelism"), Is.EqualTo(env["SHARDS"]));
        Assert.That(int.Parse(Text(spec, "backoffLimitPerIndex")), Is.GreaterThan(0));

        var rules = ((YamlSequenceNode)At(spec, "podFailurePolicy", "rules")).Children;
        string ActionOn(int exit) => rules.Where(r => ((YamlMappingNode)r).Children.ContainsKey(new YamlScalarNode("onExitCodes")))
            .Single(r => ((YamlSequenceNode)At(r, "onExitCodes", "values")).Children.Any(v => ((YamlScalarNode)v).Value == exit.ToString()))
            is var rule ? Text(rule, "action") : "";
        Assert.That(ActionOn(1), Is.EqualTo("FailIndex"), "findings are a result: kept, not retried");
        Assert.That(ActionOn(2), Is.EqualTo("FailJob"), "a configuration error fails every shard alike");

        Assert.That(Text(container, "command", "0"), Is.EqualTo("/opt/stampede/shard.sh"));
        string dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "container", "Dockerfile"));
        Assert.That(dockerfile, Does.Contain("COPY deploy/shard.sh /opt/stampede/shard.sh"));
        string sbatch = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "slurm", "stampede-shards.sbatch"));
        Assert.That(sbatch, Does.Contain("deploy/shard.sh"), "the Slurm array task runs the same script");

        string volume = Text(At(spec, "template", "spec", "volumes", "0"), "persistentVolumeClaim", "claimName");
        var claim = Documents().Single(d => Text(d, "kind") == "PersistentVolumeClaim");
        Assert.That(Text(claim, "metadata", "name"), Is.EqualTo(volume));
        Assert.That(Text(claim, "spec", "accessModes", "0"), Is.EqualTo("ReadWriteMany"), "every shard's pod mounts it at once");
        Assert.That(Text(container, "volumeMounts", "0", "mountPath"), Is.EqualTo(env["CORPUS"]));

        var merge = Job("stampede-merge");
        var command = ((YamlSequenceNode)At(merge, "spec", "template", "spec", "containers", "0", "command")).Children.Select(c => ((YamlScalarNode)c).Value).ToList();
        Assert.That(command.Take(2), Is.EqualTo(new[] { "stampede", "merge" }));
        Assert.That(command.Last(), Is.EqualTo(env["CORPUS"]), "the merge reads the shared root");
    }

    /// <summary>The pod's environment as the manifest gives it, with this machine's harness and corpus, and the index
    /// Kubernetes sets: the campaign is that shard.</summary>
    [Test, NonParallelizable]
    public void The_index_a_pod_gets_reaches_the_campaign()
    {
        var container = At(Job("stampede-shards"), "spec", "template", "spec", "containers", "0");
        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        string root = Directory.CreateTempSubdirectory("stampede-k8s-").FullName;
        try
        {
            var environment = ShardRun.Environment(root, int.Parse(env["SHARDS"]), duration: "3s");
            environment["JOB_COMPLETION_INDEX"] = "3";
            var run = CliProcess.Run(ShardRun.Script, root, [], environment: environment);
            Assert.That(run.ExitCode, Is.AnyOf(0, 1), run.Out + run.Error);
            Assert.That(run.Out, Does.Contain($"shard 3/{env["SHARDS"]} of"));
            Assert.That(Directory.GetDirectories(root).Select(Path.GetFileName), Is.EqualTo(new[] { "shard-3" }));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
