namespace Stampede.Findings;

/// <summary>
/// Reads the findings of a whole corpus (<c>corpus/</c>, one directory per library) or of one library's corpus,
/// without writing anything: a campaign may be running on it, and its atomic writes mean a reader sees each file
/// whole. Damaged findings are listed as problems, not repaired (repair is the writer's job, at open).
/// </summary>
public static class CorpusReader
{
    /// <exception cref="CorpusException">The directory does not exist, cannot be read, or is no corpus: it holds
    /// directories and none of them is a library's corpus (a mistaken path, not an empty corpus).</exception>
    public static CorpusListing Read(string directory)
    {
        if (!Directory.Exists(directory)) throw new CorpusException(directory, "no such corpus directory");
        try
        {
            var libraries = IsLibraryCorpus(directory)
                ? [directory]
                : Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal).ToArray();
            if (libraries.Length > 0 && !libraries.Any(IsLibraryCorpus))
                throw new CorpusException(directory, $"not a corpus: neither it nor any directory in it has {CorpusLayout.Findings}/, " +
                                                     $"{CorpusLayout.Seeds}/ or {CorpusLayout.Interesting}/ (give corpus/ or corpus/<library>/)");
            var findings = new List<RecordedFinding>();
            var problems = new List<string>();
            foreach (var library in libraries)
            {
                var folder = Path.Combine(library, CorpusLayout.Findings);
                if (!Directory.Exists(folder)) continue;
                foreach (var finding in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
                {
                    if (AtomicFile.IsTemporary(Path.GetFileName(finding))) continue; // a finding being created right now
                    try
                    {
                        findings.Add(FindingDirectory.Load(finding));
                    }
                    catch (CorpusException e)
                    {
                        problems.Add(e.Message);
                    }
                }
            }
            return new CorpusListing(findings, problems);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException(directory, $"cannot read the corpus ({e.Message})", e);
        }
    }

    /// <summary>A library's corpus holds at least one of the directories a campaign creates or a user fills.</summary>
    public static bool IsLibraryCorpus(string directory) =>
        new[] { CorpusLayout.Findings, CorpusLayout.Seeds, CorpusLayout.Interesting }.Any(d => Directory.Exists(Path.Combine(directory, d)));
}
