using Stampede.Campaigns.Sharding;

namespace Stampede.Tests.ScaleOut;

/// <summary>How <c>--shard</c> is read, and that shards split one campaign's programs without overlap.</summary>
[TestFixture]
public class ShardTests
{
    static Func<string, string?> Environment(string? kubernetes = null, string? slurm = null) =>
        name => name switch { "JOB_COMPLETION_INDEX" => kubernetes, "SLURM_ARRAY_TASK_ID" => slurm, _ => null };

    [Test]
    public void An_index_given_wins_and_one_left_out_comes_from_the_array_job()
    {
        Assert.That(Shard.Parse("1/4", Environment(kubernetes: "3")), Is.EqualTo(new Shard(1, 4)));
        Assert.That(Shard.Parse("4", Environment(kubernetes: "3", slurm: "0")), Is.EqualTo(new Shard(3, 4)));
        Assert.That(Shard.Parse("4", Environment(slurm: "2")), Is.EqualTo(new Shard(2, 4)));
        Assert.That(Shard.Parse("1", Environment()).IsWhole);
    }

    [TestCase("4", "no shard index")]
    [TestCase("4/4", "not between 0 and 3")]
    [TestCase("x/2", "not between 0 and 1")]
    [TestCase("1/2/3", "expected I/N")]
    [TestCase("0/0", "expected I/N")]
    public void A_shard_that_cannot_be_is_one_line(string text, string says) =>
        Assert.That(() => Shard.Parse(text, Environment()), Throws.TypeOf<FormatException>().With.Message.Contains(says));

    [Test]
    public void The_shards_of_a_campaign_run_its_programs_once_each()
    {
        const int shards = 3, jobs = 2, perJob = 50;
        var sequences = Enumerable.Range(0, shards)
            .SelectMany(i => Enumerable.Range(0, perJob * jobs).Select(n => new Shard(i, shards).Sequence(n)))
            .ToList();
        Assert.That(sequences, Is.Unique);
        Assert.That(sequences.Order(), Is.EqualTo(Enumerable.Range(0, shards * jobs * perJob).Select(n => (long)n)),
            "together, the programs of one campaign with N times the jobs");
    }
}
