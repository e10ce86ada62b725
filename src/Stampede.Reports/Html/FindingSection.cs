using System.Text;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Reports.Html;

/// <summary>
/// One finding's section, the same on the run's page and on the finding's own page: what went wrong, triage, how often
/// it came back, the command that runs it again, the program (minimized when it was), the places it failed at, the
/// picture of its failing run's timeline, its native stacks with their source lines, and the run's details. It says
/// what report.md says (<see cref="MarkdownReport"/>), drawn rather than aligned.
/// </summary>
internal static class FindingSection
{
    public static string Render(ReportedFinding reported, string anchor)
    {
        var recorded = reported.Recorded;
        var f = recorded.Finding;
        var html = new StringBuilder();
        html.Append($"<section class=\"finding\" id=\"{anchor}\">\n")
            .Append($"<h2>{StatusBadge.Render(reported.Status)} {HtmlText.Text(f.Kind.Name())}: {HtmlText.Text(f.Summary)}</h2>\n")
            .Append(FactList.Render(Facts(reported)));

        html.Append(recorded.MinimizedProgram is null
            ? $"<h3>Program</h3>\n<p class=\"note\">As it ran ({CorpusLayout.ProgramFile}).</p>\n"
            : $"<h3>Program (minimized)</h3>\n<p class=\"note\">{CorpusLayout.MinimizedFile}; the program as it ran is {CorpusLayout.ProgramFile}.</p>\n");
        html.Append($"<pre class=\"program\">{HtmlText.Block(recorded.ReportedProgram.TrimEnd('\n'))}</pre>\n");

        if (recorded.VariantsByHits.Count > 0)
        {
            html.Append("<h3>Failed at (one cause, several places)</h3>\n<table class=\"variants\">\n")
                .Append("<thead><tr><th>place</th><th>hits</th></tr></thead>\n<tbody>\n");
            foreach (var (place, hits) in recorded.VariantsByHits)
                html.Append($"<tr><td><code>{HtmlText.Text(place)}</code></td><td class=\"number\">{hits}</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }

        html.Append("<h3>Timeline</h3>\n");
        var timeline = recorded.ReportedTimeline;
        if (timeline.Sum(t => t.Calls.Count) == 0) html.Append("<p class=\"note\">(not recorded)</p>\n");
        else
            html.Append("<p class=\"note\">")
                .Append(recorded.MinimizedTimeline is null ? "The calls of the failing run" : "The calls of a failing run of the minimized program")
                .Append(", one lane per thread on one clock; a call a thread was inside when the run failed is drawn to the end, ")
                .Append("hatched and outlined in red. Point at a bar for its times and result.</p>\n")
                .Append(TimelineSvg.Render(timeline, anchor));

        html.Append("<h3>Stacks</h3>\n");
        if (f.Stacks.Count == 0) html.Append("<p class=\"note\">(none)</p>\n");
        foreach (var stack in f.Stacks) html.Append(StackTable.Render(stack));

        if (f.Details is { Count: > 0 } details)
        {
            html.Append("<h3>Details</h3>\n");
            html.Append(FactList.Render(details.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key,
                d.Value.Contains('\n') ? $"<pre>{HtmlText.Block(d.Value.TrimEnd('\n'))}</pre>" : HtmlText.Text(d.Value)))));
        }
        return html.Append("</section>\n").ToString();
    }

    private static IEnumerable<(string, string)> Facts(ReportedFinding reported)
    {
        var recorded = reported.Recorded;
        yield return ("signature", $"<code>{HtmlText.Text(reported.Signature)}</code>");
        yield return ("library", HtmlText.Text(recorded.Finding.Library));
        var triage = HtmlText.Text(recorded.Label);
        if (recorded.Triage is { } t)
        {
            triage += $" <span class=\"note\">(single-threaded: {MarkdownReport.YesNo(t.SingleThreaded)}; " +
                      $"under a global lock: {MarkdownReport.YesNo(t.UnderGlobalLock)}; " +
                      $"rate: {t.Rate?.ToString() ?? "not measured"})</span>";
            if (t.FailingCall is { } call && recorded.Verdict == TriageVerdict.FailsOnOneThread)
                triage += $"<br/>listed under “{HtmlText.Text(OneThreadFailure.Heading)}”, apart from thread-safety findings: " +
                          $"one caller fails in <code>{HtmlText.Text(call)}</code>";
        }
        yield return ("triage", triage);
        if (reported.Candidate is not null || reported.Baseline is not null)
            yield return ("reproduced", ReproductionText(reported));
        yield return ("hits", $"{recorded.Hits} (first seen {MarkdownReport.Time(recorded.FirstSeen)}, last seen {MarkdownReport.Time(recorded.LastSeen)})");
        yield return ("reproduce", $"<code>{HtmlText.Text(Command(reported))}</code>");
        if (recorded.Repaired)
            yield return ("repaired", "report.json was lost; this finding was rebuilt from the files in its directory");
    }

    private static string ReproductionText(ReportedFinding reported) => string.Join(", ", new[]
    {
        reported.Candidate is { } c ? $"{c} runs on the build under test" : null,
        reported.Baseline is { } b ? $"{b} runs on the baseline" : null,
    }.OfType<string>());

    public static string Command(ReportedFinding reported) =>
        string.IsNullOrEmpty(reported.ReproduceCommand) ? "(unknown)" : reported.ReproduceCommand;
}
