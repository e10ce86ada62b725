using System.Text.Json.Nodes;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Tests.Findings;

/// <summary>
/// A corpus written by the version before the finding kinds became a type (Fixtures/corpus-before-relayering: a crash
/// of kvstore and two triaged, minimized wrong results of textkit, made by real campaigns) reads whole, and a finding
/// written again keeps report.json's text form: the corpus as a regression suite survives the upgrade both ways.
/// </summary>
[TestFixture]
public class CorpusCompatibilityTests
{
    static string Fixture => Path.Combine(RepoPaths.Root, "tests", "Stampede.Tests", "Findings", "Fixtures", "corpus-before-relayering");

    [Test]
    public void Every_finding_of_the_old_corpus_reads_with_its_kind_hits_triage_and_minimized_program()
    {
        var listing = CorpusReader.Read(Fixture);
        Assert.That(listing.Problems, Is.Empty);
        Assert.That(listing.Findings.Select(f => (f.Finding.Kind, f.Slug)), Is.EquivalentTo(new[]
        {
            (FindingKind.Crash, "crash-sigabrt-free-double-free-detected-in-tca-9ce67a53"),
            (FindingKind.NotLinearizable, "not-linearizable-tk_format_duration-e427f719"),
            (FindingKind.NotLinearizable, "not-linearizable-tk_last_error-e99d217b"),
        }));
        foreach (var found in listing.Findings)
        {
            var raw = JsonNode.Parse(File.ReadAllText(Path.Combine(found.Directory, CorpusLayout.JsonReport)))!;
            Assert.That(found.Finding.Signature, Is.EqualTo((string)raw["finding"]!["signature"]!));
            Assert.That(found.Hits, Is.EqualTo((int)raw["hits"]!));
            Assert.That(found.Label, Is.EqualTo((string?)raw["triage"]?["label"] ?? Triage.Untriaged));
            Assert.That(found.MinimizedProgram, Is.EqualTo((string?)raw["minimizedProgram"]));
            Assert.That(found.Finding.Stacks.Count, Is.EqualTo(raw["finding"]!["stacks"]!.AsArray().Count));
        }
    }

    [Test]
    public void A_finding_recorded_again_keeps_the_kind_as_the_old_version_wrote_it()
    {
        string corpus = Directory.CreateTempSubdirectory("stampede-compat-").FullName;
        try
        {
            var old = CorpusReader.Read(Fixture).Findings.Single(f => f.Finding.Kind == FindingKind.Crash);
            using (var store = FindingStore.Open(Path.Combine(corpus, "kvstore")))
                Assert.That(store.Record(old.Finding), Is.True);
            var written = Directory.GetFiles(corpus, CorpusLayout.JsonReport, SearchOption.AllDirectories).Single();
            var raw = JsonNode.Parse(File.ReadAllText(written))!;
            Assert.That((string)raw["finding"]!["kind"]!, Is.EqualTo("crash"));
            Assert.That(File.ReadAllText(Path.ChangeExtension(written, ".md")), Does.StartWith("# crash: "));
        }
        finally { Directory.Delete(corpus, recursive: true); }
    }
}
