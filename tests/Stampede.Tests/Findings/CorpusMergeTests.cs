using Stampede.Findings;
using Stampede.Findings.Merging;

namespace Stampede.Tests.Findings;

/// <summary>
/// <c>stampede merge</c>'s rules on corpora written by the store itself: each key once with the hits of every corpus
/// summed, programs once, a second merge of the same corpora changing nothing, a merge killed midway (a control file
/// that says it started an input and never finished, its last line cut short) run again to the same result, and the
/// outputs it refuses.
/// </summary>
[TestFixture]
public class CorpusMergeTests
{
    string root = null!;

    [SetUp]
    public void Create() => root = SampleFindings.TempCorpus();

    [TearDown]
    public void Remove() => Directory.Delete(root, recursive: true);

    /// <summary>A shared root of two shards: both saw the crash (2 and 3 hits), each saw one finding of its own.</summary>
    void TwoShards()
    {
        using (var shard = FindingStore.Open(Path.Combine(root, "shared", "shard-0", "kvstore")))
        {
            shard.Record(SampleFindings.Crash());
            shard.Record(SampleFindings.Crash() with { Program = SampleFindings.OtherProgram(1) });
            shard.Record(SampleFindings.NotLinearizable());
            File.WriteAllText(Path.Combine(shard.Directory, CorpusLayout.Interesting, "a.txt"), SampleFindings.OtherProgram(7));
        }
        using (var shard = FindingStore.Open(Path.Combine(root, "shared", "shard-1", "kvstore")))
        {
            for (int i = 0; i < 3; i++) shard.Record(SampleFindings.Crash() with { Program = SampleFindings.OtherProgram(i) });
            shard.Record(SampleFindings.Crash("race:kv_store"));
            File.WriteAllText(Path.Combine(shard.Directory, CorpusLayout.Interesting, "b.txt"), SampleFindings.OtherProgram(7));
        }
    }

    string Output => Path.Combine(root, "merged");

    Dictionary<string, int> HitsByKey()
    {
        var listing = CorpusReader.Read(Output);
        Assert.That(listing.Problems, Is.Empty);
        Assert.That(listing.Findings.Select(f => f.Finding.Signature), Is.Unique, "one directory per key");
        return listing.Findings.ToDictionary(f => f.Finding.Signature, f => f.Hits);
    }

    [Test]
    public void Each_key_is_kept_once_with_the_hits_of_every_shard()
    {
        TwoShards();
        var result = CorpusMerge.Run(Output, [Path.Combine(root, "shared")]);
        Assert.That(result.Read, Is.EqualTo(4));
        Assert.That(result.Libraries, Is.EqualTo(new[] { "kvstore" }));
        Assert.That(HitsByKey(), Is.EquivalentTo(new Dictionary<string, int>
        {
            ["crash:kv_get>find"] = 5, ["not-linearizable:kv_get,kv_put"] = 1, ["race:kv_store"] = 1,
        }));
        // The same program from two shards is one file.
        Assert.That(ProgramFiles.In(Path.Combine(Output, "kvstore", CorpusLayout.Interesting)), Has.Count.EqualTo(1));
        var crash = CorpusReader.Read(Output).Findings.Single(f => f.Finding.Signature == "crash:kv_get>find");
        Assert.That(File.ReadAllText(Path.Combine(crash.Directory, CorpusLayout.ProgramFile)), Is.EqualTo(SampleFindings.Program),
            "the program of the shard that saw it first");
    }

    [Test]
    public void Merging_the_same_corpora_again_changes_nothing()
    {
        TwoShards();
        CorpusMerge.Run(Output, [Path.Combine(root, "shared")]);
        var before = Snapshot();
        var again = CorpusMerge.Run(Output, [Path.Combine(root, "shared")]);
        Assert.That((again.Read, again.Unchanged), Is.EqualTo((0, 4)));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void A_merge_killed_midway_is_run_again_to_the_same_result()
    {
        TwoShards();
        CorpusMerge.Run(Path.Combine(root, "whole"), [Path.Combine(root, "shared")]);
        // What a kill leaves: the first input's fact, a 'started' for the second and a line cut short; no findings yet.
        CorpusMerge.Run(Output, [Path.Combine(root, "shared", "shard-0")]);
        foreach (var finding in Directory.GetDirectories(Path.Combine(Output, "kvstore", CorpusLayout.Findings))) Directory.Delete(finding, true);
        string shard1Crash = Directory.GetDirectories(Path.Combine(root, "shared", "shard-1", "kvstore", CorpusLayout.Findings))[0];
        File.AppendAllText(Path.Combine(Output, MergeControl.FileName),
            $"{{\"state\":\"started\",\"path\":\"{Path.GetFullPath(shard1Crash)}\"}}\n{{\"state\":\"done\",\"path\":\"/x\",\"fa");

        var resumed = CorpusMerge.Run(Output, [Path.Combine(root, "shared")]);
        Assert.That(resumed.Resumed, Is.EqualTo(Path.GetFullPath(shard1Crash)));
        Assert.That(HitsByKey(), Is.EquivalentTo(CorpusReader.Read(Path.Combine(root, "whole")).Findings.ToDictionary(f => f.Finding.Signature, f => f.Hits)));
    }

    [Test]
    public void An_input_merged_once_still_counts_after_it_is_gone()
    {
        TwoShards();
        CorpusMerge.Run(Output, [Path.Combine(root, "shared", "shard-0")]);
        Directory.Delete(Path.Combine(root, "shared", "shard-0"), recursive: true);
        CorpusMerge.Run(Output, [Path.Combine(root, "shared", "shard-1")]);
        Assert.That(HitsByKey()["crash:kv_get>find"], Is.EqualTo(5));
    }

    [Test]
    public void An_output_that_is_no_merge_or_an_input_is_refused()
    {
        TwoShards();
        string other = Directory.CreateDirectory(Path.Combine(root, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "notes.txt"), "mine");
        Assert.That(() => CorpusMerge.Run(other, [Path.Combine(root, "shared")]),
            Throws.TypeOf<CorpusException>().With.Message.Contains("not the output of an earlier merge"));
        Assert.That(() => CorpusMerge.Run(Path.Combine(root, "shared", "merged"), [Path.Combine(root, "shared")]),
            Throws.TypeOf<CorpusException>().With.Message.Contains("give another --out"));
        Assert.That(() => CorpusMerge.Run(Output, [other]), Throws.TypeOf<CorpusException>().With.Message.Contains("no corpus in it"));
    }

    Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not (CorpusLayout.LockFile or MergeControl.FileName))
            .ToDictionary(f => Path.GetRelativePath(Output, f), File.ReadAllText);
}
