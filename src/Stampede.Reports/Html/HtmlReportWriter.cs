using System.Text;
using Stampede.Model;

namespace Stampede.Reports.Html;

/// <summary>
/// <c>report.html</c>: the run for people, one self-contained page (inline CSS and SVG, no script, nothing loaded from
/// anywhere, so a CI artifact opens offline): the run's verdict, a summary table of its findings with the failing
/// ones first, a section per finding with its program, stacks and a picture of its failing run's timeline, and last a
/// chart of the campaign's statistics over time. Every string from the library under test is escaped (<see cref="HtmlText"/>).
/// </summary>
public sealed class HtmlReportWriter : IRunReportWriter
{
    public string FileName => "report.html";

    public string Render(RunReport run)
    {
        var findings = FindingOrder.Of(run.Findings);
        var body = new StringBuilder(RunHeader.Render(run))
            .Append("<h2 id=\"findings\">Findings</h2>\n")
            .Append(SummaryTable.Render(findings));
        foreach (var (finding, anchor) in findings) body.Append(FindingSection.Render(finding, anchor));
        body.Append(StatisticsSection(run.Statistics));
        return HtmlPage.Render(RunHeader.Title(run), body.ToString());
    }

    /// <summary>A page of its own for one finding of <paramref name="run"/>, with the same section as the run's page.</summary>
    public static string RenderFinding(ReportedFinding f, RunReport run)
    {
        var title = $"{f.Recorded.Finding.Kind.Name()}: {f.Signature}";
        var body = new StringBuilder("<header>\n")
            .Append($"<p class=\"note\">One finding of {HtmlText.Text(RunHeader.Title(run))}, {HtmlText.Text(Findings.MarkdownReport.Time(run.Started))}</p>\n")
            .Append("</header>\n")
            .Append(FindingSection.Render(f, FindingOrder.Anchor(0)));
        return HtmlPage.Render(title, body.ToString());
    }

    private static string StatisticsSection(IReadOnlyList<StatisticsSample> samples)
    {
        var html = new StringBuilder("<h2 id=\"statistics\">Campaign over time</h2>\n");
        return (samples.Count < StatisticsChartSvg.MinSamples
            ? html.Append($"<p class=\"note\">No chart: the run took {samples.Count} statistics sample(s), and a chart needs at least {StatisticsChartSvg.MinSamples}.</p>\n")
            : html.Append(StatisticsChartSvg.Render(samples))).ToString();
    }
}
