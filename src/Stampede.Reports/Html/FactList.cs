using System.Text;

namespace Stampede.Reports.Html;

/// <summary>A list of facts (<c>dl class="facts"</c>): a term, then its value as HTML the caller has already escaped.</summary>
internal static class FactList
{
    public static string Render(IEnumerable<(string Term, string Html)> facts)
    {
        var html = new StringBuilder("<dl class=\"facts\">\n");
        foreach (var (term, value) in facts)
            html.Append($"<dt>{HtmlText.Text(term)}</dt><dd>{value}</dd>\n");
        return html.Append("</dl>\n").ToString();
    }
}
