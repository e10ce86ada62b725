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

    /// <summary>Writes every output into <paramref name="directory"/> (created), each file atomically; returns their paths.</summary>
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
        return written;
    }
}
