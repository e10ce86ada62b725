using Stampede.Model;
namespace Stampede.Findings;

/// <summary>
/// One finding's directory on disk (findings/&lt;slug&gt;/): reading it, writing it, and rebuilding it when its
/// report.json is lost. report.json is written last, so a complete report.json vouches for the files it names.
/// </summary>
public static class FindingDirectory
{
    public const string RebuiltSummary = "(rebuilt: report.json was missing or damaged)";

    /// <summary>The signature a rebuilt finding gets when report.md no longer states it; the next hit of its slug replaces it.</summary>
    public static string UnknownSignature(string slug) => $"unknown:{slug}";

    /// <summary>Reads a finding without changing anything (for show and repro).</summary>
    /// <exception cref="CorpusException">The directory is missing or its report.json is missing or invalid.</exception>
    public static RecordedFinding Load(string directory)
    {
        var report = Path.Combine(directory, CorpusLayout.JsonReport);
        if (!Directory.Exists(directory)) throw new CorpusException(directory, "no such finding directory");
        try
        {
            var recorded = ReportJson.Read(File.ReadAllText(report));
            // A kill between writing a file and report.json leaves the file newer than the report: the files win.
            var minimized = Path.Combine(directory, CorpusLayout.MinimizedFile);
            return recorded with
            {
                // The directory's name wins over the report's: a finding directory renamed by hand is still itself.
                Slug = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
                Directory = directory,
                MinimizedProgram = File.Exists(minimized) ? File.ReadAllText(minimized) : recorded.MinimizedProgram,
                Examples = ReconcileExamples(directory, recorded.Examples),
            };
        }
        catch (FileNotFoundException)
        {
            throw new CorpusException(report, "missing (not a finding directory, or one whose first write was interrupted)");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CorpusException(report, e.Message, e);
        }
    }

    /// <summary>
    /// Rebuilds a finding from what its directory still holds: the program (program.txt, else an example), the
    /// minimized program, the examples, and the signature report.md states. Timeline and stacks are lost.
    /// </summary>
    /// <exception cref="CorpusException">No program is left to rebuild from, or nothing says the finding's kind.</exception>
    public static RecordedFinding Rebuild(string directory)
    {
        var slug = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var examples = ReconcileExamples(directory, []);
        var programFile = new[] { CorpusLayout.ProgramFile }.Concat(examples).Select(p => Path.Combine(directory, p)).FirstOrDefault(File.Exists)
            ?? throw new CorpusException(directory, "report.json is missing or damaged and no program is left to rebuild the finding from");
        var markdown = Path.Combine(directory, CorpusLayout.MarkdownReport);
        var signature = (File.Exists(markdown) ? MarkdownReport.SignatureIn(File.ReadAllText(markdown)) : null) ?? UnknownSignature(slug);
        var minimized = Path.Combine(directory, CorpusLayout.MinimizedFile);
        // findings/<slug>/ sits in corpus/<library>/, so the library is the directory two levels up.
        var library = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(directory)))) ?? "unknown";
        var seen = new DateTimeOffset(File.GetLastWriteTimeUtc(programFile));
        var kind = FindingKindText.Parse(signature.Split(':')[0]) ?? FindingSlug.KindOf(slug)
            ?? throw new CorpusException(directory, "report.json is missing or damaged and neither its signature nor its name says what kind of finding it is");
        var finding = new Finding(kind, signature, RebuiltSummary, library, File.ReadAllText(programFile), [], [], "", null);
        return new RecordedFinding(slug, finding, 1 + examples.Count, seen, seen, null,
            File.Exists(minimized) ? File.ReadAllText(minimized) : null, examples, Repaired: true) { Directory = directory };
    }

    /// <summary>
    /// Writes the finding's files, each atomically, report.json last. program.txt is written only when asked:
    /// it is the first example and never changes after the finding is created.
    /// </summary>
    public static void Write(RecordedFinding recorded, string directory, bool writeProgram)
    {
        if (writeProgram) AtomicFile.WriteAllText(Path.Combine(directory, CorpusLayout.ProgramFile), recorded.Finding.Program);
        if (recorded.MinimizedProgram is { } minimized) AtomicFile.WriteAllText(Path.Combine(directory, CorpusLayout.MinimizedFile), minimized);
        AtomicFile.WriteAllText(Path.Combine(directory, CorpusLayout.MarkdownReport), MarkdownReport.Render(recorded));
        AtomicFile.WriteAllText(Path.Combine(directory, CorpusLayout.JsonReport), ReportJson.Write(recorded));
    }

    /// <summary>The example path (relative to the finding's directory) a program is stored under: the hash of its text.</summary>
    public static string ExamplePath(string program) =>
        $"{CorpusLayout.Examples}/{ProgramFiles.Hash(program)}{CorpusLayout.ProgramExtension}";

    // The report's order first (oldest example first), then examples written after the report, by name.
    private static IReadOnlyList<string> ReconcileExamples(string directory, IReadOnlyList<string> reported)
    {
        var folder = Path.Combine(directory, CorpusLayout.Examples);
        var present = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*" + CorpusLayout.ProgramExtension)
                .Select(Path.GetFileName).Where(n => !AtomicFile.IsTemporary(n!))
                .Select(n => $"{CorpusLayout.Examples}/{n}").ToHashSet()
            : [];
        return reported.Where(present.Contains).Concat(present.Except(reported).Order(StringComparer.Ordinal)).ToArray();
    }
}
