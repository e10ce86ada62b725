using System.Text;
using System.Text.Json;
using Stampede.Findings;

namespace Stampede.Reports.Html;

/// <summary>
/// The top of the run's page: which command ran on which library, its verdict and exit code, when and how long, the
/// builds a gate compared, the command line, and the findings counted by status.
/// </summary>
internal static class RunHeader
{
    public static string Title(RunReport run) => $"Stampede {KindName(run.Kind)}: {run.Library}";

    public static string KindName(RunKind kind) => JsonSerializer.Serialize(kind).Trim('"');

    public static string Render(RunReport run)
    {
        var html = new StringBuilder("<header>\n")
            .Append($"<h1>{HtmlText.Text(Title(run))}</h1>\n")
            .Append($"<p class=\"verdict {(run.ExitCode == 0 ? "exit-success" : "exit-failure")}\">{HtmlText.Text(run.Verdict)}</p>\n")
            .Append(FactList.Render(Facts(run)))
            .Append("</header>\n");
        return html.ToString();
    }

    private static IEnumerable<(string, string)> Facts(RunReport run)
    {
        yield return ("run", HtmlText.Text(KindName(run.Kind)));
        yield return ("library", HtmlText.Text(run.Library));
        yield return ("exit code", $"<span class=\"{(run.ExitCode == 0 ? "exit-success" : "exit-failure")}\">{run.ExitCode}</span>");
        yield return ("started", HtmlText.Text(MarkdownReport.Time(run.Started)));
        yield return ("duration", DurationText.Of(run.Duration));
        if (run.Baseline is not null) yield return ("baseline", $"<code>{HtmlText.Text(run.Baseline)}</code>");
        if (run.Candidate is not null) yield return ("candidate", $"<code>{HtmlText.Text(run.Candidate)}</code>");
        yield return ("command", $"<code>{HtmlText.Text(run.CommandLine)}</code>");
        var counts = Enum.GetValues<FindingStatus>()
            .Select(s => (Status: s, Count: run.Findings.Count(f => f.Status == s)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {StatusBadge.Render(c.Status)}");
        yield return ("findings", run.Findings.Count == 0 ? "none" : string.Join(" ", counts));
    }
}
