using System.Net;
using Stampede.Findings;

namespace Stampede.Reports.Html;

/// <summary>
/// Puts text into report.html so that it shows as text and nothing else, in an element or in an attribute value (quotes
/// are encoded too). Most of what the page shows came from the library under test: its results, symbol, file and
/// thread names, source lines, even the program's strings. Characters a reader cannot see as themselves (controls, NUL,
/// bidi overrides, zero-width characters) are written as escapes first, as report.md does
/// (<see cref="MarkdownText.Visible"/>), which also keeps the SVG pictures well-formed XML.
/// </summary>
public static class HtmlText
{
    /// <summary>One line of text: line breaks and tabs are shown as escapes.</summary>
    public static string Text(string text) => WebUtility.HtmlEncode(MarkdownText.Visible(text));

    /// <summary>A block for a <c>pre</c> element: line breaks and tabs are kept.</summary>
    public static string Block(string text) => WebUtility.HtmlEncode(MarkdownText.Visible(text, keepLines: true));

    /// <summary><see cref="Text"/> cut to at most <paramref name="maxLength"/> visible characters, ending in an ellipsis
    /// when cut, without splitting a surrogate pair or an escape's encoding.</summary>
    public static string Shortened(string text, int maxLength)
    {
        var visible = MarkdownText.Visible(text);
        if (visible.Length <= maxLength) return WebUtility.HtmlEncode(visible);
        var cut = Math.Max(0, maxLength - 1);
        if (cut > 0 && char.IsLowSurrogate(visible[cut])) cut--;
        return WebUtility.HtmlEncode(visible[..cut]) + "…";
    }
}
