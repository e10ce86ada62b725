using Stampede.Campaigns.Learning;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Harnesses.Preconditions;

namespace Stampede.Tests.Learning;

/// <summary>Learning through real workers on the real C library.</summary>
[TestFixture]
public sealed class LearningOnLibcTests
{
    /// <summary>One learning run on the time harness, shared by the tests (it takes about a minute).</summary>
    static readonly Lazy<LearnedPreconditions> Learned = new(() => PreconditionLearner.Learn(
        Harness.Open(TimeHarness.Directory, withPreconditions: false), WorkerLaunch.CliIn(AppContext.BaseDirectory),
        new LearningOptions(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5))));

    [Test]
    public void AsctimeRBufferIsLearnedAsAnOutputBufferOfItsManualsTwentySixBytes()
    {
        // Generated literals are all shorter than 26 bytes, and half of asctime_r's buffers are literals: its first runs
        // (seeded by its name) fail, and the bisection between 0 and 4096 bytes ends where glibc's checking allocator
        // stops seeing the write past the end.
        var learned = Learned.Value;
        // A null buf kills it too: that is a rule of its own.
        var rule = learned.Rules.FirstOrDefault(r => r is { Function: "asctime_r", Parameter: "buf", Domain.MinSize: not null });
        Assert.That(rule, Is.Not.Null, string.Join("\n", learned.Rules.Select(r => $"{r.Function} {r.Parameter}: {r.Why}")));
        Assert.Multiple(() =>
        {
            Assert.That(rule!.Domain!.MinSize, Is.EqualTo(26));
            Assert.That(rule.Domain.Writable, Is.True, "a string literal killed it: its buf is an output buffer");
            Assert.That(rule.Evidence.Failing, Does.Contain("asctime_r(r"));
            Assert.That(rule.Evidence.Surviving, Does.Contain("buf[26]"));
            Assert.That(learned.Rules.Where(r => r.NeverCall is not null), Is.Empty, "every function here survives some arguments");
        });
    }

    [Test]
    public void EachStringStrcmpReadsIsLearnedNotNullThoughGeneratedNullsAreRare()
    {
        // One generated string in 32 is null: the seeded probes alone would often miss one of the two. Each string
        // parameter is also tried null once on purpose, and strcmp dereferences both.
        var learned = Learned.Value;
        var notNull = learned.Rules.Where(r => r is { Function: "strcmp", Domain.NotNull: true }).Select(r => r.Parameter);
        Assert.That(notNull, Is.EquivalentTo(new[] { "a", "b" }),
            string.Join("\n", learned.Rules.Select(r => $"{r.Function} {r.Parameter}: {r.Why}")));
    }
}
