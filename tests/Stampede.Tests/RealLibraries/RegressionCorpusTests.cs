using Stampede.Campaigns;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model.Programs;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.RealLibraries;

/// <summary>
/// The regression corpora of the real libraries (docs/real-libraries.md): every harness in <c>harnesses/</c> whose
/// library has a folder in the repository's <c>corpus/</c> (its name as <see cref="DefaultPlaces.CorpusName"/> gives
/// it) has its findings run again through <c>stampede repro</c>, as a user replays a crash corpus after an upgrade, and
/// its other programs read against the harness's API model.
/// </summary>
[TestFixture]
[NonParallelizable]
public class RegressionCorpusTests
{
    static string Corpus => Path.Combine(RepoPaths.Root, "corpus");

    /// <summary>(harness directory, finding directory) of every committed finding of a real library.</summary>
    public static IEnumerable<TestCaseData> Findings() =>
        from harness in Harnesses()
        let findings = Path.Combine(Corpus, DefaultPlaces.CorpusName(Harness.Open(harness)), "findings")
        where Directory.Exists(findings)
        from finding in Directory.GetDirectories(findings).Order(StringComparer.Ordinal)
        select new TestCaseData(harness, finding).SetArgDisplayNames(Path.GetFileName(harness), Path.GetFileName(finding));

    static IEnumerable<string> Harnesses() =>
        Directory.GetDirectories(Path.Combine(RepoPaths.Root, "harnesses")).Order(StringComparer.Ordinal)
            .Where(h => File.Exists(Path.Combine(h, HarnessConfig.FileName)));

    /// <summary>
    /// What this guarantees: each committed finding still happens on the library installed here, with the signature it
    /// was recorded with, in at least one of ten runs of 10,000 repetitions (the ctime race shows in about one run of 2000
    /// repetitions in five, and in 8 of 10 runs of 10,000); a finding that reproduces single-threaded
    /// does so every time. A race that stopped reproducing fails here, as does one that now fails differently.
    /// </summary>
    [TestCaseSource(nameof(Findings))]
    public void A_committed_finding_still_reproduces(string harness, string finding)
    {
        // repro writes what it measured into the finding's directory (a rate of 0 is a triage too): a copy, never the
        // committed corpus.
        string copy = Path.Combine(Directory.CreateTempSubdirectory("stampede-regression-").FullName, Path.GetFileName(finding));
        try
        {
            DirectoryCopy.Of(finding, copy);
            var r = CliProcess.Run(null, "repro", copy, "--harness", harness, "--runs", "10", "--repetitions", "10000", "--no-triage");
            string signature = ReportJson.Read(File.ReadAllText(Path.Combine(finding, "report.json"))).Finding.Signature;

            Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
            Assert.That(r.Out, Does.Contain($": {signature}\n"), "the recorded signature, in one run at least\n" + r.Out);
        }
        finally { Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true); }
    }

    [Test]
    public void Every_program_of_a_real_librarys_corpus_reads_against_its_harness()
    {
        int read = 0;
        foreach (var dir in Harnesses())
        {
            var harness = Harness.Open(dir);
            string corpus = Path.Combine(Corpus, DefaultPlaces.CorpusName(harness));
            if (!Directory.Exists(corpus)) continue;
            foreach (var program in Directory.GetFiles(corpus, "*.txt", SearchOption.AllDirectories))
            {
                Assert.That(() => ProgramText.Parse(File.ReadAllText(program), harness.Model, program), Throws.Nothing, program);
                read++;
            }
        }
        Assert.That(read, Is.GreaterThan(0), "the real libraries' corpora are committed");
    }
}
