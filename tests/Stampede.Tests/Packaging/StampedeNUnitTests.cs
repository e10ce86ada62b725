using Stampede.NUnit;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Packaging;

/// <summary>
/// Stampede.NUnit used as its users use it, on docs/example's corpus and harness, with this build's CLI. The corpus cases
/// of the race textkit's version 3 fixed are a real TestCaseSource here, and pass; the finding of the race it kept fails
/// with what came back and the command that runs it again; and a corpus directory with nothing in it is an error,
/// not an empty suite that passes.
/// </summary>
[TestFixture, NonParallelizable]
public class StampedeNUnitTests
{
    const string Corpus = "docs/example/corpus/textkit", Harness = "docs/example/harness";

    [OneTimeSetUp]
    public void UseThisBuild() => StampedeCli.Location = RepositoryPaths.Cli;

    [OneTimeTearDown]
    public void Forget() => StampedeCli.Location = null;

    static IEnumerable<TestCaseData> All() => StampedeCorpus.Cases(Corpus, Harness, new ReplaySettings(Runs: 3));

    /// <summary>The cases of the race version 3 fixed: its finding and its regression program.</summary>
    static IEnumerable<TestCaseData> FixedInVersion3() => All().Where(c => !c.TestName!.Contains("tk_next_token"));

    [TestCaseSource(nameof(FixedInVersion3))]
    public void A_fixed_race_replays_clean(CorpusCase fixedRace) => fixedRace.AssertFixed();

    [Test]
    public void Each_finding_and_regression_program_is_one_named_case()
    {
        var names = All().Select(c => c.TestName).ToList();
        Assert.That(names, Has.Count.EqualTo(3));
        Assert.That(names, Has.One.StartsWith("not-linearizable-tk_format_duration_r-"));
        Assert.That(names, Has.One.StartsWith("not-linearizable-tk_next_token-"));
        Assert.That(names, Has.One.EqualTo("seed-durmemo"));
    }

    [Test]
    public void A_race_still_there_fails_with_its_repro_command()
    {
        var kept = (CorpusCase)All().Single(c => c.TestName!.Contains("tk_next_token")).Arguments[0]!;
        Assert.That(kept.HasSchedule, Is.False);
        var failure = Assert.Throws<AssertionException>(kept.AssertFixed)!;
        Assert.That(failure.Message, Does.Contain("still fails (under stress)").And.Contain("reproduced 3/3")
            .And.Contain($"reproduce: stampede repro {kept.Path} --harness {kept.Harness}"));
        // The finding was replayed from a copy: the corpus is left as committed.
        Assert.That(Directory.GetFiles(kept.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "minimized.txt", "program.txt", "report.json", "report.md" }));
    }

    [Test]
    public void A_corpus_with_neither_findings_nor_seeds_is_an_error()
    {
        var empty = Directory.CreateTempSubdirectory("stampede-empty-corpus-").FullName;
        try
        {
            Assert.That(() => StampedeCorpus.Cases(empty, Harness).ToList(),
                Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains("has no findings/ and no seeds/"));
        }
        finally { Directory.Delete(empty); }
    }
}
