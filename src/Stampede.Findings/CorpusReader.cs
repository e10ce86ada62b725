namespace Stampede.Findings;

/// <summary>
/// Reads the findings of a whole corpus (<c>corpus/</c>, one directory per library) or of one library's corpus,
/// without writing anything: a campaign may be running on it, and its atomic writes mean a reader sees each file
/// whole. Damaged findings are listed as problems, not repaired (repair is the writer's job, at open).
/// </summary>
public static class CorpusReader
{
    /// <exception cref="CorpusException">The directory does not exist or cannot be read.</exception>
    public static CorpusListing Read(string directory)
    {
        if (!Directory.Exists(directory)) throw new CorpusException(directory, "no such corpus directory");
        try
        {
            var libraries = Directory.Exists(Path.Combine(directory, CorpusLayout.Findings))
                ? [directory]
                : Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal).ToArray();
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
}
