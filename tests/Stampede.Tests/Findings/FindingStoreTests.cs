using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>Deduplication by signature, examples, triage and minimization, reopening, concurrent recording.</summary>
public sealed class FindingStoreTests
{
    private string _corpus = null!;

    [SetUp]
    public void CreateCorpus() => _corpus = Path.Combine(SampleFindings.TempCorpus(), "kvstore");

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(Path.GetDirectoryName(_corpus)!, recursive: true);

    private string[] FindingDirectories() => Directory.GetDirectories(Path.Combine(_corpus, CorpusLayout.Findings));

    [Test]
    public void OpenCreatesTheLayout()
    {
        using var store = FindingStore.Open(_corpus);
        Assert.That(Directory.GetDirectories(_corpus).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { CorpusLayout.Seeds, CorpusLayout.Interesting, CorpusLayout.Findings }));
    }

    [Test]
    public void SameSignatureTwiceIsOneFindingWithTwoHitsAndAnExample()
    {
        using var store = FindingStore.Open(_corpus);
        Assert.That(store.Record(SampleFindings.Crash()), Is.True);
        Assert.That(store.Record(SampleFindings.Crash(program: SampleFindings.OtherProgram(0))), Is.False);

        var dir = FindingDirectories().Single();
        var recorded = FindingDirectory.Load(dir);
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Hits, Is.EqualTo(2));
            Assert.That(File.ReadAllText(Path.Combine(dir, CorpusLayout.ProgramFile)), Is.EqualTo(SampleFindings.Program));
            Assert.That(recorded.Examples, Has.Count.EqualTo(1));
            Assert.That(File.ReadAllText(Path.Combine(dir, recorded.Examples[0])), Is.EqualTo(SampleFindings.OtherProgram(0)));
            Assert.That(File.ReadAllText(Path.Combine(dir, CorpusLayout.MarkdownReport)), Does.Contain("- hits: 2 "));
        });
    }

    [Test]
    public void One_cause_at_several_places_is_one_finding_counting_each_place()
    {
        const string race = "race:kv_store";
        using (var store = FindingStore.Open(_corpus))
        {
            Assert.That(store.Record(SampleFindings.Crash(race) with { Variant = "crash:SIGSEGV:find<kv_put" }), Is.True);
            Assert.That(store.Record(SampleFindings.Crash(race) with { Variant = "crash:SIGABRT:malloc_consolidate(): invalid chunk size" }), Is.False);
            Assert.That(store.Record(SampleFindings.Crash(race) with { Variant = "crash:SIGSEGV:find<kv_put" }), Is.False);
        }
        var dir = FindingDirectories().Single();
        var recorded = FindingDirectory.Load(dir);
        Assert.That(recorded.Hits, Is.EqualTo(3));
        Assert.That(recorded.Variants, Is.EquivalentTo(new Dictionary<string, int>
        {
            ["crash:SIGSEGV:find<kv_put"] = 2, ["crash:SIGABRT:malloc_consolidate(): invalid chunk size"] = 1,
        }));
        Assert.That(File.ReadAllText(Path.Combine(dir, CorpusLayout.MarkdownReport)),
            Does.Contain("- failed at (one cause, several places):\n  - `crash:SIGSEGV:find<kv_put`: 2 hit(s)\n"));
    }

    [Test]
    public void TheSameProgramAgainCountsAHitButIsNoNewExample()
    {
        using var store = FindingStore.Open(_corpus);
        store.Record(SampleFindings.Crash());
        store.Record(SampleFindings.Crash());
        store.Record(SampleFindings.Crash(program: SampleFindings.OtherProgram(0)));
        store.Record(SampleFindings.Crash(program: SampleFindings.OtherProgram(0)));
        var recorded = store.Findings.Single();
        Assert.That((recorded.Hits, recorded.Examples.Count), Is.EqualTo((4, 1)));
    }

    [Test]
    public void DifferentSignaturesAreTwoFindings()
    {
        using var store = FindingStore.Open(_corpus);
        Assert.That(store.Record(SampleFindings.Crash()), Is.True);
        Assert.That(store.Record(SampleFindings.Crash("crash:kv_put>grow")), Is.True);
        Assert.That(store.Record(SampleFindings.NotLinearizable()), Is.True);
        Assert.That(FindingDirectories().Select(Path.GetFileName).ToArray(), Has.Length.EqualTo(3)
            .And.Some.StartsWith("crash-kv_get-find-")
            .And.Some.StartsWith("crash-kv_put-grow-")
            .And.Some.StartsWith("not-linearizable-kv_get-kv_put-"));
    }

    [Test]
    public void ExamplesStopAtTheCapWhileHitsGoOn()
    {
        using var store = FindingStore.Open(_corpus);
        store.Record(SampleFindings.Crash());
        for (var i = 0; i < FindingStore.MaxExamples + 3; i++)
            store.Record(SampleFindings.Crash(program: SampleFindings.OtherProgram(i)));
        var recorded = store.Findings.Single();
        var examples = Directory.GetFiles(Path.Combine(recorded.Directory, CorpusLayout.Examples));
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Hits, Is.EqualTo(FindingStore.MaxExamples + 4));
            Assert.That(recorded.Examples, Has.Count.EqualTo(FindingStore.MaxExamples));
            Assert.That(examples, Has.Length.EqualTo(FindingStore.MaxExamples));
        });
    }

    [Test]
    public void TriageAndMinimizedProgramRewriteBothReports()
    {
        const string minimized = "# stampede program v1\nlibrary kvstore\nthread 0:\n  kv_get(r0, \"k1\", buf[64], 64)\n";
        using var store = FindingStore.Open(_corpus);
        store.Record(SampleFindings.Crash());
        store.SetTriage("crash:kv_get>find", new Triage(SingleThreaded: false, UnderGlobalLock: false, new ReproductionRate(7, 10)));
        store.SetMinimized("crash:kv_get>find", minimized);

        var dir = FindingDirectories().Single();
        var markdown = File.ReadAllText(Path.Combine(dir, CorpusLayout.MarkdownReport));
        var json = File.ReadAllText(Path.Combine(dir, CorpusLayout.JsonReport));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(dir, CorpusLayout.MinimizedFile)), Is.EqualTo(minimized));
            Assert.That(File.ReadAllText(Path.Combine(dir, CorpusLayout.ProgramFile)), Is.EqualTo(SampleFindings.Program), "the original stays");
            Assert.That(markdown, Does.Contain("- triage: thread-safety bug hidden by a global lock"));
            Assert.That(markdown, Does.Contain("reproduction rate: 7/10"));
            Assert.That(markdown, Does.Contain("## Program (minimized)").And.Contain("  kv_get(r0, \"k1\", buf[64], 64)\n```"));
            Assert.That(json, Does.Contain("\"label\": \"thread-safety bug hidden by a global lock\""));
            Assert.That(json, Does.Contain("\"reproduced\": 7"));
        });
    }

    [Test]
    public void The_minimized_program_comes_with_the_timeline_of_its_own_run()
    {
        const string minimized = "# stampede program v1\nlibrary kvstore\nthread 0:\n  kv_get(r0, \"k1\", buf[64], 64)\n";
        using (var store = FindingStore.Open(_corpus))
        {
            store.Record(SampleFindings.Crash());
            store.SetMinimized("crash:kv_get>find", minimized, [new ThreadTimeline("t0", [new TimedCall("kv_get", 0, null, null)], 0)]);
        }
        using var reopened = FindingStore.Open(_corpus);
        var recorded = reopened.Find("crash:kv_get>find")!;
        var markdown = File.ReadAllText(Path.Combine(FindingDirectories().Single(), CorpusLayout.MarkdownReport));

        Assert.That(recorded.MinimizedTimeline?.Single().Calls.Single().Function, Is.EqualTo("kv_get"), "kept in report.json");
        Assert.That(markdown, Does.Contain("The calls of a failing run of the minimized program"));
    }

    [Test]
    public void TriageOfAnUnknownSignatureThrows()
    {
        using var store = FindingStore.Open(_corpus);
        Assert.That(() => store.SetTriage("crash:nowhere", new Triage(true, null, null)), Throws.TypeOf<KeyNotFoundException>());
    }

    [Test]
    public void ReopeningReadsEverythingBackAndKeepsCounting()
    {
        using (var store = FindingStore.Open(_corpus))
        {
            store.Record(SampleFindings.Crash());
            store.Record(SampleFindings.NotLinearizable());
            store.SetTriage("crash:kv_get>find", new Triage(true, true, new ReproductionRate(10, 10)));
        }
        using var reopened = FindingStore.Open(_corpus);
        Assert.That(reopened.Record(SampleFindings.Crash(program: SampleFindings.OtherProgram(1))), Is.False);
        var crash = reopened.Find("crash:kv_get>find")!;
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Problems, Is.Empty);
            Assert.That(reopened.Findings, Has.Count.EqualTo(2));
            Assert.That(crash.Hits, Is.EqualTo(2));
            Assert.That(crash.Label, Is.EqualTo(Triage.OrdinaryBug));
            Assert.That(crash.Finding, Is.EqualTo(SampleFindings.Crash() with { ReproduceCommand = $"./stampede repro --harness harnesses/kvstore {crash.Directory}" })
                .Using<Finding>(SameFinding));
        });
    }

    [Test]
    public void ConcurrentRecordsLoseNoHit()
    {
        using var store = FindingStore.Open(_corpus);
        string[] signatures = ["crash:a", "crash:b", "hang:c", "not-linearizable:d"];
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => store.Record(SampleFindings.Crash(signatures[i % signatures.Length], SampleFindings.OtherProgram(i))));
        Assert.Multiple(() =>
        {
            Assert.That(FindingDirectories(), Has.Length.EqualTo(4));
            Assert.That(store.Findings.Select(f => f.Hits), Is.All.EqualTo(50));
            Assert.That(FindingDirectories().Select(d => FindingDirectory.Load(d).Hits), Is.All.EqualTo(50));
        });
    }

    [Test]
    public void InterestingProgramsAreKeptOnceEach()
    {
        using var store = FindingStore.Open(_corpus);
        Assert.That(store.AddInteresting(SampleFindings.Program), Is.True);
        Assert.That(store.AddInteresting(SampleFindings.Program), Is.False);
        Assert.That(store.AddInteresting(SampleFindings.OtherProgram(0)), Is.True);
        Assert.That(store.Interesting.Select(File.ReadAllText), Is.EquivalentTo(new[] { SampleFindings.Program, SampleFindings.OtherProgram(0) }));
    }

    [Test]
    public void SeedsAreTheProgramFilesOfSeeds()
    {
        using var store = FindingStore.Open(_corpus);
        File.WriteAllText(Path.Combine(_corpus, CorpusLayout.Seeds, "b.txt"), SampleFindings.Program);
        File.WriteAllText(Path.Combine(_corpus, CorpusLayout.Seeds, "a.txt"), SampleFindings.Program);
        File.WriteAllText(Path.Combine(_corpus, CorpusLayout.Seeds, "notes.md"), "not a program");
        Assert.That(store.Seeds.Select(Path.GetFileName), Is.EqualTo(new[] { "a.txt", "b.txt" }));
    }

    // Stacks come back with source lines attached (null here: kvstore.c is not on disk), so compare the rest.
    private static bool SameFinding(Finding a, Finding b) =>
        a.Signature == b.Signature && a.Program == b.Program && a.ReproduceCommand == b.ReproduceCommand
        && a.Timeline.SequenceEqual(b.Timeline, TimelineComparer.Instance)
        && a.Stacks.SelectMany(s => s.Frames).SequenceEqual(b.Stacks.SelectMany(s => s.Frames))
        && a.Details!.OrderBy(d => d.Key).SequenceEqual(b.Details!.OrderBy(d => d.Key));

    private sealed class TimelineComparer : IEqualityComparer<ThreadTimeline>
    {
        public static readonly TimelineComparer Instance = new();
        public bool Equals(ThreadTimeline? x, ThreadTimeline? y) => x!.Thread == y!.Thread && x.InFlight == y.InFlight && x.Calls.SequenceEqual(y.Calls);
        public int GetHashCode(ThreadTimeline obj) => obj.Thread.GetHashCode();
    }
}
