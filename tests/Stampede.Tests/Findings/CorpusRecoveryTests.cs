using Stampede.Model;
using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>
/// What a campaign killed at any moment leaves behind, and what a damaged corpus does on open: leftover temporary
/// files go, a lost or truncated report.json is rebuilt from the files left, nothing complete is lost, and a
/// corpus that cannot be written is a <see cref="CorpusException"/> naming it.
/// </summary>
public sealed class CorpusRecoveryTests
{
    private string _root = null!;
    private string _corpus = null!;

    [SetUp]
    public void CreateCorpus()
    {
        _root = SampleFindings.TempCorpus();
        _corpus = Path.Combine(_root, "kvstore");
    }

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    private string RecordOne(params Finding[] more)
    {
        using var store = FindingStore.Open(_corpus);
        store.Record(SampleFindings.Crash());
        foreach (var f in more) store.Record(f);
        return store.Find("crash:kv_get>find")!.Directory;
    }

    [Test]
    public void LeftoverTemporaryFilesAndDirectoriesAreRemovedOnOpen()
    {
        var dir = RecordOne();
        var leftovers = new[]
        {
            Path.Combine(dir, $"{AtomicFile.TempPrefix}report.json-0123{AtomicFile.TempSuffix}"),
            Path.Combine(_corpus, CorpusLayout.Interesting, $"{AtomicFile.TempPrefix}abc.txt-0123{AtomicFile.TempSuffix}"),
        };
        foreach (var f in leftovers) File.WriteAllText(f, "{ \"version\": 1, \"slu");
        var halfFinding = Path.Combine(_corpus, CorpusLayout.Findings, $"{AtomicFile.TempPrefix}crash-x-0123{AtomicFile.TempSuffix}");
        Directory.CreateDirectory(halfFinding);
        File.WriteAllText(Path.Combine(halfFinding, CorpusLayout.ProgramFile), "# stampede program v1\n");

        using var store = FindingStore.Open(_corpus);
        Assert.Multiple(() =>
        {
            Assert.That(leftovers.Where(File.Exists), Is.Empty);
            Assert.That(Directory.Exists(halfFinding), Is.False);
            Assert.That(store.Problems, Is.Empty);
            Assert.That(store.Findings.Single().Hits, Is.EqualTo(1));
        });
    }

    [Test]
    public void ATruncatedReportIsRebuiltFromTheFilesLeft()
    {
        var dir = RecordOne(SampleFindings.Crash(program: SampleFindings.OtherProgram(0)));
        var json = Path.Combine(dir, CorpusLayout.JsonReport);
        File.WriteAllText(json, File.ReadAllText(json)[..100]);

        using var store = FindingStore.Open(_corpus);
        var rebuilt = store.Findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(store.Problems.Single(), Does.Contain("report.json").And.Contain("rebuilt"));
            Assert.That(rebuilt.Repaired, Is.True);
            Assert.That(rebuilt.Finding.Signature, Is.EqualTo("crash:kv_get>find"), "report.md still states it");
            Assert.That(rebuilt.Finding.Kind, Is.EqualTo(FindingKind.Crash));
            Assert.That(rebuilt.Finding.Program, Is.EqualTo(SampleFindings.Program));
            Assert.That(rebuilt.Examples, Has.Count.EqualTo(1));
            Assert.That(rebuilt.Hits, Is.EqualTo(2));
            Assert.That(() => FindingDirectory.Load(dir), Throws.Nothing, "report.json is valid again");
        });
    }

    [Test]
    public void TheNextHitOfARebuiltFindingBringsBackItsTimelineAndStacks()
    {
        var dir = RecordOne();
        File.Delete(Path.Combine(dir, CorpusLayout.JsonReport));
        File.Delete(Path.Combine(dir, CorpusLayout.MarkdownReport));

        using var store = FindingStore.Open(_corpus);
        Assert.That(store.Findings.Single().Finding.Signature, Does.StartWith("unknown:"));
        Assert.That(store.Record(SampleFindings.Crash(program: SampleFindings.OtherProgram(3))), Is.False, "same directory, not a new finding");

        var reclaimed = FindingDirectory.Load(dir);
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetDirectories(Path.Combine(_corpus, CorpusLayout.Findings)), Has.Length.EqualTo(1));
            Assert.That(reclaimed.Repaired, Is.False);
            Assert.That(reclaimed.Finding.Signature, Is.EqualTo("crash:kv_get>find"));
            Assert.That(reclaimed.Finding.Stacks, Is.Not.Empty);
            Assert.That(reclaimed.Hits, Is.EqualTo(2));
            Assert.That(reclaimed.Examples.Select(e => File.ReadAllText(Path.Combine(dir, e))), Is.EqualTo(new[] { SampleFindings.Program }),
                "the old first program is kept as an example");
        });
    }

    [Test]
    public void AFindingDirectoryWithNothingInItIsReportedAndLeftAlone()
    {
        var empty = Path.Combine(_corpus, CorpusLayout.Findings, "crash-lost-00000000");
        Directory.CreateDirectory(empty);
        RecordOne();
        using var store = FindingStore.Open(_corpus);
        Assert.Multiple(() =>
        {
            Assert.That(store.Problems.Single(), Does.Contain("crash-lost-00000000").And.Contain("left as it is"));
            Assert.That(store.Findings, Has.Count.EqualTo(1));
            Assert.That(Directory.Exists(empty), Is.True);
        });
    }

    [Test]
    public void AnExampleWrittenJustBeforeAKillIsNotLost()
    {
        var dir = RecordOne();
        // The state a kill between writing the example and rewriting report.json leaves.
        var example = FindingDirectory.ExamplePath(SampleFindings.OtherProgram(0));
        Directory.CreateDirectory(Path.Combine(dir, CorpusLayout.Examples));
        File.WriteAllText(Path.Combine(dir, example), SampleFindings.OtherProgram(0));

        using var store = FindingStore.Open(_corpus);
        Assert.That(store.Findings.Single().Examples, Is.EqualTo(new[] { example }));
    }

    [Test]
    public void AnotherVersionOfReportJsonIsReportedNotMisread()
    {
        var dir = RecordOne();
        var json = Path.Combine(dir, CorpusLayout.JsonReport);
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"version\": 1", "\"version\": 99"));
        Assert.That(() => FindingDirectory.Load(dir), Throws.TypeOf<CorpusException>().With.Message.Contains("version 99"));
    }

    [Test]
    public void AtomicWriteReplacesWholeAndLeavesNoTemporaryFile()
    {
        Directory.CreateDirectory(_corpus);
        var path = Path.Combine(_corpus, "file.txt");
        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(_corpus).Select(Path.GetFileName), Is.EqualTo(new[] { "file.txt" }));
    }

    [Test]
    public void ACorpusUnderAFileIsACorpusExceptionNamingThePath()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        var corpus = Path.Combine(file, "kvstore");
        Assert.That(() => FindingStore.Open(corpus), Throws.TypeOf<CorpusException>()
            .With.Property(nameof(CorpusException.Path)).EqualTo(corpus)
            .And.Message.StartsWith(corpus + ": "));
    }

    [Test]
    public void ANonWritableCorpusIsACorpusException()
    {
        // Root writes through file permissions; sysfs refuses new directories even to root.
        if (Environment.UserName == "root")
        {
            Assert.That(() => FindingStore.Open("/sys/stampede-corpus"), Throws.TypeOf<CorpusException>().With.Message.StartsWith("/sys/stampede-corpus: "));
            return;
        }
        Directory.CreateDirectory(_corpus);
        File.SetUnixFileMode(_corpus, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.That(() => FindingStore.Open(_corpus), Throws.TypeOf<CorpusException>().With.Message.StartsWith(_corpus + ": "));
        }
        finally
        {
            File.SetUnixFileMode(_corpus, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void ASecondStoreOnTheSameCorpusIsRefused()
    {
        using var first = FindingStore.Open(_corpus);
        Assert.That(() => FindingStore.Open(_corpus), Throws.TypeOf<CorpusException>().With.Message.Contains("in use"));
    }
}
