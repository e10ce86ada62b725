namespace Stampede.Findings;

/// <summary>
/// The findings, seeds and interesting programs of one library's corpus (<c>corpus/&lt;library&gt;/</c>, laid out
/// as <see cref="CorpusLayout"/> says). One store writes a corpus at a time (it holds <c>.lock</c>); its methods
/// are safe to call from many threads. Every file is written atomically and a new finding's directory appears
/// complete or not at all, so a campaign killed at any instant leaves a corpus that the next <see cref="Open"/>
/// reads back whole: it deletes temporary leftovers and rebuilds any finding whose report.json is lost.
/// </summary>
public sealed class FindingStore : IDisposable
{
    /// <summary>Programs kept per finding besides program.txt: enough to see a pattern, few enough to read.</summary>
    public const int MaxExamples = 5;

    /// <summary>
    /// Written in <see cref="Finding.ReproduceCommand"/> where the finding's directory goes; the engine cannot know
    /// it (the store picks the name), so the store puts it in: <c>./stampede repro --harness h {finding}</c>.
    /// </summary>
    public const string FindingDirectoryPlaceholder = "{finding}";

    private readonly object _gate = new();
    private readonly FileStream _lock;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, RecordedFinding> _bySlug = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _slugBySignature = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private FindingStore(string directory, FileStream @lock, TimeProvider clock)
    {
        Directory = directory;
        _lock = @lock;
        _clock = clock;
    }

    /// <summary>The library's corpus directory.</summary>
    public string Directory { get; }

    public string FindingsDirectory => Path.Combine(Directory, CorpusLayout.Findings);

    /// <summary>What opening found damaged and what was done about it, one line each (worth a WARNING: line).</summary>
    public IReadOnlyList<string> Problems { get { lock (_gate) return _problems.ToArray(); } }

    /// <summary>Every finding, in no particular order; a snapshot.</summary>
    public IReadOnlyList<RecordedFinding> Findings { get { lock (_gate) return _bySlug.Values.ToArray(); } }

    public IReadOnlyList<string> Seeds => ProgramFiles.In(Path.Combine(Directory, CorpusLayout.Seeds));

    public IReadOnlyList<string> Interesting => ProgramFiles.In(Path.Combine(Directory, CorpusLayout.Interesting));

    /// <summary>Opens (creating if needed) the corpus of one library, cleaning up after a killed campaign.</summary>
    /// <param name="directory">corpus/&lt;library&gt;; kept as given, so reports name paths as the user wrote them.</param>
    /// <exception cref="CorpusException">The directory cannot be created or written, or another store holds it.</exception>
    public static FindingStore Open(string directory, TimeProvider? clock = null)
    {
        try
        {
            foreach (var sub in new[] { CorpusLayout.Seeds, CorpusLayout.Interesting, CorpusLayout.Findings })
                System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException(directory, $"cannot create the corpus directory ({e.Message})", e);
        }
        var store = new FindingStore(directory, TakeLock(directory), clock ?? TimeProvider.System);
        try
        {
            store.RemoveTemporaryFiles();
            store.LoadFindings();
            return store;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            store.Dispose();
            throw new CorpusException(directory, $"cannot write the corpus ({e.Message})", e);
        }
    }

    /// <summary>
    /// Records one observed failure. The first of its signature creates the finding's directory; later ones count a
    /// hit and keep their program as an example while there is room.
    /// </summary>
    /// <returns>True when the signature is new to this corpus.</returns>
    public bool Record(Finding finding)
    {
        finding = finding with { Stacks = SourceLines.Attach(finding.Stacks) };
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var slug = SlugFor(finding.Signature);
            var directory = Path.Combine(FindingsDirectory, slug);
            finding = finding with { ReproduceCommand = finding.ReproduceCommand.Replace(FindingDirectoryPlaceholder, directory) };
            if (!_bySlug.TryGetValue(slug, out var known))
            {
                Create(new RecordedFinding(slug, finding, 1, now, now, null, null, [], Variants: Counted(null, finding.Variant)) { Directory = directory });
                return true;
            }
            var updated = known.Repaired ? Reclaim(known, finding, now) : known with { Hits = known.Hits + 1, LastSeen = now };
            updated = updated with { Examples = AddExample(updated, finding.Program), Variants = Counted(known.Variants, finding.Variant) };
            Save(updated, writeProgram: known.Repaired);
            return false;
        }
    }

    /// <summary>Attaches triage results and rewrites the reports.</summary>
    /// <exception cref="KeyNotFoundException">No finding has this signature.</exception>
    public void SetTriage(string signature, Triage triage)
    {
        lock (_gate) Save(Get(signature) with { Triage = triage }, writeProgram: false);
    }

    /// <summary>Stores the minimized program (minimized.txt), with the timeline of one of its failing runs when known,
    /// and rewrites the reports, which then show them.</summary>
    /// <exception cref="KeyNotFoundException">No finding has this signature.</exception>
    public void SetMinimized(string signature, string program, IReadOnlyList<ThreadTimeline>? timeline = null)
    {
        lock (_gate) Save(Get(signature) with { MinimizedProgram = program, MinimizedTimeline = timeline is { Count: > 0 } ? timeline : null }, writeProgram: false);
    }

    /// <summary>Stores the schedule that replays the finding (<see cref="CorpusLayout.ScheduleFile"/>), unless it has
    /// one already: the first schedule found stays, as the first program does. True when it was stored.</summary>
    /// <exception cref="KeyNotFoundException">No finding has this signature.</exception>
    public bool SetSchedule(string signature, string schedule)
    {
        lock (_gate)
        {
            string file = Path.Combine(Get(signature).Directory, CorpusLayout.ScheduleFile);
            if (File.Exists(file)) return false;
            AtomicFile.WriteAllText(file, schedule);
            return true;
        }
    }

    /// <summary>The finding with this signature, or null.</summary>
    public RecordedFinding? Find(string signature)
    {
        lock (_gate) return _slugBySignature.TryGetValue(signature, out var slug) ? _bySlug[slug] : null;
    }

    /// <summary>
    /// Puts a finding as another corpus recorded it (<c>stampede merge</c>): the first time its signature comes, as a copy
    /// of <paramref name="copyFrom"/>'s directory (program, examples, schedule) with <paramref name="merged"/>'s report;
    /// after that, only the report (hits, first and last seen) is rewritten. Either way the result depends only on the
    /// arguments, so putting the same finding again changes nothing.
    /// </summary>
    public RecordedFinding Put(RecordedFinding merged, string? copyFrom)
    {
        lock (_gate)
        {
            if (Find(merged.Finding.Signature) is { } known)
            {
                var updated = merged with { Slug = known.Slug, Examples = known.Examples, MinimizedProgram = merged.MinimizedProgram ?? known.MinimizedProgram };
                updated = Here(updated with { Directory = known.Directory });
                Save(updated, writeProgram: false);
                return updated;
            }
            var slug = SlugFor(merged.Finding.Signature);
            var recorded = merged with { Slug = slug, Repaired = false };
            recorded = Here(recorded with { Directory = Path.Combine(FindingsDirectory, slug) });
            var temp = Path.Combine(FindingsDirectory, $"{AtomicFile.TempPrefix}{slug}-{Guid.NewGuid():N}{AtomicFile.TempSuffix}");
            try
            {
                System.IO.Directory.CreateDirectory(temp);
                if (copyFrom is not null)
                    foreach (var file in System.IO.Directory.EnumerateFiles(copyFrom, "*", SearchOption.AllDirectories))
                    {
                        string relative = Path.GetRelativePath(copyFrom, file);
                        if (AtomicFile.IsTemporary(Path.GetFileName(file)) || relative is CorpusLayout.JsonReport or CorpusLayout.MarkdownReport) continue;
                        string target = Path.Combine(temp, relative);
                        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(file, target);
                    }
                FindingDirectory.Write(recorded, temp, writeProgram: !File.Exists(Path.Combine(temp, CorpusLayout.ProgramFile)));
                System.IO.Directory.Move(temp, recorded.Directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                try { if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true); }
                catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
                throw;
            }
            Index(recorded);
            return recorded;
        }
    }

    /// <summary>The finding with its repro command pointing at its directory here: the command names the directory last
    /// (where <see cref="FindingDirectoryPlaceholder"/> was), and the corpus it came from is another.</summary>
    static RecordedFinding Here(RecordedFinding recorded)
    {
        string command = recorded.Finding.ReproduceCommand;
        int space = command.LastIndexOf(' ');
        return space <= 0 ? recorded : recorded with { Finding = recorded.Finding with { ReproduceCommand = command[..(space + 1)] + recorded.Directory } };
    }

    /// <summary>Keeps a program in interesting/ unless the same text is there; true when it is new.</summary>
    public bool AddInteresting(string program) => ProgramFiles.Add(Path.Combine(Directory, CorpusLayout.Interesting), program);

    public void Dispose() => _lock.Dispose();

    private static FileStream TakeLock(string directory)
    {
        var path = Path.Combine(directory, CorpusLayout.LockFile);
        try
        {
            // FileShare.None is an exclusive advisory lock on Unix: a second campaign on this corpus fails here,
            // and the kernel drops the lock when a killed campaign's process dies.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CorpusException(directory, "the corpus directory is not writable", e);
        }
        catch (IOException e)
        {
            throw new CorpusException(directory, $"the corpus is in use by another campaign, or not writable ({e.Message})", e);
        }
    }

    private void RemoveTemporaryFiles()
    {
        var leftovers = System.IO.Directory.EnumerateFileSystemEntries(Directory, "*", SearchOption.AllDirectories)
            .Where(p => AtomicFile.IsTemporary(Path.GetFileName(p))).ToArray();
        foreach (var path in leftovers)
        {
            if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
    }

    private void LoadFindings()
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories(FindingsDirectory).Order(StringComparer.Ordinal))
        {
            var name = $"{CorpusLayout.Findings}/{Path.GetFileName(directory)}";
            RecordedFinding recorded;
            try
            {
                recorded = FindingDirectory.Load(directory);
            }
            catch (CorpusException damaged)
            {
                try
                {
                    recorded = FindingDirectory.Rebuild(directory);
                    FindingDirectory.Write(recorded, directory, writeProgram: false);
                    _problems.Add($"{name}: {damaged.Message}; rebuilt from the files left (signature {recorded.Finding.Signature})");
                }
                catch (Exception lost) when (lost is CorpusException or IOException or UnauthorizedAccessException)
                {
                    _problems.Add($"{name}: {damaged.Message}; cannot rebuild it ({lost.Message}); left as it is");
                    continue;
                }
            }
            Index(recorded);
        }
    }

    private void Index(RecordedFinding recorded)
    {
        _bySlug[recorded.Slug] = recorded;
        _slugBySignature[recorded.Finding.Signature] = recorded.Slug;
    }

    private RecordedFinding Get(string signature) =>
        Find(signature) ?? throw new KeyNotFoundException($"no finding with signature '{signature}' in {Directory}");

    // The signature's slug, unless a different signature already owns it: then a longer hash tells them apart.
    // A rebuilt finding whose signature was lost owns its slug until the next hit tells the real signature.
    private string SlugFor(string signature)
    {
        if (_slugBySignature.TryGetValue(signature, out var known)) return known;
        for (var digits = FindingSlug.HashDigits; ; digits += 8)
        {
            var slug = FindingSlug.For(signature, digits);
            if (!_bySlug.TryGetValue(slug, out var owner) || owner.Finding.Signature == FindingDirectory.UnknownSignature(slug)) return slug;
        }
    }

    private void Create(RecordedFinding recorded)
    {
        var final = recorded.Directory;
        if (System.IO.Directory.Exists(final))
        {
            // A directory open could not rebuild (nothing left in it): the new finding fills it in place.
            FindingDirectory.Write(recorded, final, writeProgram: true);
        }
        else
        {
            // Built aside and renamed into place, so findings/ never holds half a finding.
            var temp = Path.Combine(FindingsDirectory, $"{AtomicFile.TempPrefix}{recorded.Slug}-{Guid.NewGuid():N}{AtomicFile.TempSuffix}");
            try
            {
                System.IO.Directory.CreateDirectory(temp);
                FindingDirectory.Write(recorded, temp, writeProgram: true);
                System.IO.Directory.Move(temp, final);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not left for the next open to clean: the caller is told, and may go on with other findings.
                try { if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true); }
                catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
                throw;
            }
        }
        Index(recorded);
    }

    // A rebuilt finding lost its timeline, stacks and reproduce command; the next hit brings them back. Its old first
    // program stays, as an example.
    private static RecordedFinding Reclaim(RecordedFinding rebuilt, Finding finding, DateTimeOffset now)
    {
        var reclaimed = rebuilt with { Finding = finding, Hits = rebuilt.Hits + 1, LastSeen = now, Repaired = false };
        return reclaimed with { Examples = AddExample(reclaimed, rebuilt.Finding.Program) };
    }

    /// <summary><paramref name="variants"/> with one more hit at <paramref name="variant"/> (none: unchanged).</summary>
    private static IReadOnlyDictionary<string, int>? Counted(IReadOnlyDictionary<string, int>? variants, string? variant)
    {
        if (variant is null) return variants;
        var counted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (place, hits) in variants ?? new Dictionary<string, int>()) counted[place] = hits;
        counted[variant] = counted.GetValueOrDefault(variant) + 1;
        return counted;
    }

    private static IReadOnlyList<string> AddExample(RecordedFinding recorded, string program)
    {
        var path = FindingDirectory.ExamplePath(program);
        if (recorded.Examples.Count >= MaxExamples || program == recorded.Finding.Program || recorded.Examples.Contains(path))
            return recorded.Examples;
        var full = Path.Combine(recorded.Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllText(full, program);
        return [.. recorded.Examples, path];
    }

    private void Save(RecordedFinding recorded, bool writeProgram)
    {
        var previous = _bySlug[recorded.Slug].Finding.Signature;
        FindingDirectory.Write(recorded, recorded.Directory, writeProgram);
        _slugBySignature.Remove(previous);
        Index(recorded);
    }
}
