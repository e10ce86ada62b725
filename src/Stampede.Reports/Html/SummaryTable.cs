using System.Text;
using Stampede.Model;

namespace Stampede.Reports.Html;

/// <summary>
/// The run's findings at a glance: one row per finding (<c>tr class="finding"</c>, plus <c>fails</c> when it fails the
/// run), in <see cref="FindingOrder"/>, its signature linking to its section. The baseline's column is there when
/// some finding was measured on a baseline (a gate).
/// </summary>
internal static class SummaryTable
{
    public const string NoReproductionMeasured = "–";

    public static string Render(IReadOnlyList<(ReportedFinding Finding, string Anchor)> findings)
    {
        if (findings.Count == 0) return "<p class=\"note\">No findings.</p>\n";
        var withBaseline = findings.Any(f => f.Finding.Baseline is not null);
        var html = new StringBuilder("<table class=\"summary\">\n<thead><tr><th>status</th><th>kind</th><th>signature</th><th>triage</th>")
            .Append(withBaseline ? "<th>candidate</th><th>baseline</th>" : "<th>reproduced</th>")
            .Append("<th>hits</th><th>reproduce</th></tr></thead>\n<tbody>\n");
        foreach (var (f, anchor) in findings)
        {
            html.Append($"<tr class=\"{(f.Fails ? "finding fails" : "finding")}\">")
                .Append($"<td>{StatusBadge.Render(f.Status)}</td>")
                .Append($"<td>{HtmlText.Text(f.Recorded.Finding.Kind.Name())}</td>")
                .Append($"<td><a href=\"#{anchor}\"><code>{HtmlText.Text(f.Signature)}</code></a></td>")
                .Append($"<td>{HtmlText.Text(f.Recorded.Label)}</td>")
                .Append($"<td class=\"number\">{f.Candidate?.ToString() ?? NoReproductionMeasured}</td>");
            if (withBaseline) html.Append($"<td class=\"number\">{f.Baseline?.ToString() ?? NoReproductionMeasured}</td>");
            html.Append($"<td class=\"number\">{f.Recorded.Hits}</td>")
                .Append($"<td class=\"command\"><code>{HtmlText.Text(FindingSection.Command(f))}</code></td></tr>\n");
        }
        return html.Append("</tbody>\n</table>\n").ToString();
    }
}
