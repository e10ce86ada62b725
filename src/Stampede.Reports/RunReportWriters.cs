using Stampede.Findings;

namespace Stampede.Reports;

/// <summary>
/// The outputs every run with <c>--out</c> writes, registered once: adding a format is one class and one line here.
/// </summary>
public static class RunReportWriters
{
    public static IReadOnlyList<IRunReportWriter> All { get; } =
    [
        new SummaryJsonWriter(),
        new JUnitWriter(),
        new SarifWriter(),
        new Html.HtmlReportWriter(),
    ];

    /// <summary>Where each finding's own HTML page goes inside the <c>--out</c> directory: <c>findings/&lt;slug&gt;.html</c>.</summary>
    public const string FindingPages = "findings";

    /// <summary>Writes every output into <paramref name="directory"/> (created), and a page per finding, each file
    /// atomically; returns the run's outputs' paths.</summary>
    /// <exception cref="IOException">The directory or a file cannot be written.</exception>
    public static IReadOnlyList<string> WriteAll(RunReport run, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var writer in All)
        {
            string path = Path.Combine(directory, writer.FileName);
            AtomicFile.WriteAllText(path, writer.Render(run));
            written.Add(path);
        }
        if (run.Findings.Count == 0) return written;
        string pages = Path.Combine(directory, FindingPages);
        Directory.CreateDirectory(pages);
        // The slug is the finding's directory name in the corpus: already safe as a file name (FindingSlug).
        foreach (var finding in run.Findings)
            AtomicFile.WriteAllText(Path.Combine(pages, finding.Recorded.Slug + ".html"), Html.HtmlReportWriter.RenderFinding(finding, run));
        return written;
    }
}
