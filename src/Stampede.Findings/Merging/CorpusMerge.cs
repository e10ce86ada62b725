namespace Stampede.Findings.Merging;

/// <summary>
/// <c>stampede merge --out DIR CORPUS...</c>: the corpora of several campaigns (shards, machines, nights) as one, by
/// library: each finding key once, with the hits of every corpus that saw it summed and its first and last sighting
/// the earliest and the latest; the finding's program, examples, triage and schedule are those of the corpus that saw
/// it first. Seeds and interesting programs are kept once each (they are named by their hash). An input may be a
/// library's corpus, a corpus of libraries, or a root holding such corpora (a shared root of shards).
/// <para>Two phases, so that a merge killed at any point and run again gives the same output (<see cref="MergeControl"/>):
/// reading each input finding into a fact of the control file, then writing every finding of the output from the
/// facts.</para>
/// </summary>
public static class CorpusMerge
{
    /// <summary>What a merge did.</summary>
    /// <param name="Read">Input findings read by this run.</param>
    /// <param name="Unchanged">Input findings already read by an earlier merge, and not changed since.</param>
    /// <param name="Findings">Findings of the output, all libraries.</param>
    /// <param name="Programs">Seeds and interesting programs new to the output.</param>
    /// <param name="Problems">Input findings that could not be read, one line each.</param>
    /// <param name="Resumed">The input an interrupted earlier merge was reading, when there was one.</param>
    public sealed record Result(int Read, int Unchanged, int Findings, IReadOnlyList<string> Libraries, int Programs,
        IReadOnlyList<string> Problems, string? Resumed);

    /// <exception cref="CorpusException">An input holds no corpus, the output is one of the inputs, holds something
    /// other than a merge's output, or cannot be written.</exception>
    public static Result Run(string output, IReadOnlyList<string> inputs)
    {
        string outputPath = Path.GetFullPath(output);
        var libraries = inputs.SelectMany(input => LibraryCorpora(input, outputPath)).ToList();
        Prepare(outputPath);

        using var control = MergeControl.Open(outputPath);
        var problems = new List<string>();
        int read = 0, unchanged = 0, programs = 0;
        foreach (var (library, directory) in libraries)
        {
            string target = Path.Combine(outputPath, library);
            foreach (var kind in new[] { CorpusLayout.Seeds, CorpusLayout.Interesting })
            {
                Directory.CreateDirectory(Path.Combine(target, kind));
                foreach (var program in ProgramFiles.In(Path.Combine(directory, kind)))
                    if (ProgramFiles.Add(Path.Combine(target, kind), File.ReadAllText(program))) programs++;
            }
            string findings = Path.Combine(directory, CorpusLayout.Findings);
            if (!Directory.Exists(findings)) continue;
            foreach (var finding in Directory.EnumerateDirectories(findings).Order(StringComparer.Ordinal))
            {
                if (AtomicFile.IsTemporary(Path.GetFileName(finding))) continue; // being created by a running campaign
                string key = Path.GetFullPath(finding);
                RecordedFinding recorded;
                try { recorded = FindingDirectory.Load(finding); }
                catch (CorpusException e) { problems.Add(e.Message); continue; }
                var fact = new MergeControl.Fact(key, library, recorded.Finding.Signature, recorded.Hits, recorded.FirstSeen, recorded.LastSeen, recorded.Variants);
                if (control.Done.TryGetValue(key, out var known) && Same(known, fact)) { unchanged++; continue; }
                control.Started(key);
                control.Finished(fact);
                read++;
            }
        }

        var written = Write(outputPath, control.Done.Values);
        return new Result(read, unchanged, written.Findings, written.Libraries, programs, problems, control.Interrupted);
    }

    /// <summary>Every finding of the output, from the facts: one per library and key.</summary>
    static (int Findings, IReadOnlyList<string> Libraries) Write(string output, IEnumerable<MergeControl.Fact> facts)
    {
        int count = 0;
        var libraries = new List<string>();
        foreach (var library in facts.GroupBy(f => f.Library).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            libraries.Add(library.Key);
            using var store = FindingStore.Open(Path.Combine(output, library.Key));
            foreach (var key in library.GroupBy(f => f.Signature).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = key.OrderBy(f => f.FirstSeen).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
                // The first sighting's directory gives program, examples, triage and schedule; one deleted since the merge
                // that read it leaves the output's copy as it is, with the counts brought up to date.
                var source = first.Select(f => f.Path).FirstOrDefault(Directory.Exists);
                var recorded = source is not null ? FindingDirectory.Load(source) : store.Find(key.Key);
                if (recorded is null) continue;
                store.Put(recorded with
                {
                    Hits = key.Sum(f => f.Hits),
                    FirstSeen = key.Min(f => f.FirstSeen),
                    LastSeen = key.Max(f => f.LastSeen),
                    Variants = Summed(key.Select(f => f.Variants)),
                }, source);
                count++;
            }
        }
        return (count, libraries);
    }

    static bool Same(MergeControl.Fact a, MergeControl.Fact b) =>
        a.Library == b.Library && a.Signature == b.Signature && a.Hits == b.Hits && a.FirstSeen == b.FirstSeen && a.LastSeen == b.LastSeen;

    static IReadOnlyDictionary<string, int>? Summed(IEnumerable<IReadOnlyDictionary<string, int>?> variants)
    {
        var sum = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var one in variants.OfType<IReadOnlyDictionary<string, int>>())
            foreach (var (place, hits) in one) sum[place] = sum.GetValueOrDefault(place) + hits;
        return sum.Count == 0 ? null : sum;
    }

    /// <summary>The output is new, empty, or a merge's output already (it has the control file).</summary>
    static void Prepare(string output)
    {
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !File.Exists(Path.Combine(output, MergeControl.FileName)))
            throw new CorpusException(output, "not empty and not the output of an earlier merge: give a new directory");
        try { Directory.CreateDirectory(output); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException(output, $"cannot create the merge's output ({e.Message})", e);
        }
    }

    /// <summary>The library corpora an input holds, with the library each is of: the input itself, its directories,
    /// or theirs (a root of shards, each a corpus of libraries).</summary>
    static IEnumerable<(string Library, string Directory)> LibraryCorpora(string input, string output)
    {
        string full = Path.GetFullPath(input);
        if (!Directory.Exists(full)) throw new CorpusException(input, "no such corpus directory");
        if (full == output || output.StartsWith(full.TrimEnd('/') + "/", StringComparison.Ordinal) || full.StartsWith(output.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new CorpusException(input, "is the merge's output, or holds it, or is inside it: give another --out");
        var found = new List<(string, string)>();
        void Visit(string directory, int depth)
        {
            if (CorpusReader.IsLibraryCorpus(directory)) { found.Add((Path.GetFileName(directory.TrimEnd('/')), directory)); return; }
            if (depth == 0) return;
            foreach (var child in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal)) Visit(child, depth - 1);
        }
        Visit(full, 2);
        return found.Count > 0 ? found
            : throw new CorpusException(input, $"no corpus in it: no directory with {CorpusLayout.Findings}/, {CorpusLayout.Seeds}/ or {CorpusLayout.Interesting}/ " +
                                               "within two levels (give corpus/, corpus/<library>/ or a root of shard corpora)");
    }
}
