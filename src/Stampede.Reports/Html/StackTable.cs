using System.Text;
using Stampede.Findings;

namespace Stampede.Reports.Html;

/// <summary>
/// One native stack as a table: frame number, function, location, module, with the frame's source line right under
/// it. The rows are report.md's (<see cref="StackRows"/>): a run of frames without a symbol is one row.
/// </summary>
internal static class StackTable
{
    public const string UnknownFunction = "??";

    public static string Render(Stack stack)
    {
        var html = new StringBuilder($"<h4>{HtmlText.Text(stack.Name)}</h4>\n<table class=\"stack\">\n")
            .Append("<thead><tr><th>#</th><th>function</th><th>location</th><th>module</th></tr></thead>\n<tbody>\n");
        foreach (var row in StackRows.Of(stack))
        {
            if (row.Frame is not { } frame)
            {
                html.Append($"<tr class=\"unnamed\"><td class=\"number\">{row.Numbers}</td><td>…</td><td></td>")
                    .Append($"<td>{row.Count} frames without a symbol</td></tr>\n");
                continue;
            }
            var hasSource = row.SourceLine is not null;
            html.Append($"<tr class=\"{(hasSource ? "frame with-source" : "frame")}\"><td class=\"number\">{row.Numbers}</td>")
                .Append($"<td><code>{HtmlText.Text(frame.Function ?? UnknownFunction)}</code></td>")
                .Append($"<td><code>{HtmlText.Text(frame.Location ?? "")}</code></td>")
                .Append($"<td>{HtmlText.Text(frame.Module)}</td></tr>\n");
            if (hasSource)
                html.Append($"<tr class=\"source\"><td></td><td colspan=\"3\"><code>{row.SourceLine} | {HtmlText.Text(frame.Source!)}</code></td></tr>\n");
        }
        return html.Append("</tbody>\n</table>\n").ToString();
    }
}
