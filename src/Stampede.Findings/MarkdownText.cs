using System.Globalization;
using System.Text;

namespace Stampede.Findings;

/// <summary>
/// Puts text the target controls (its results, its standard error, sanitizer reports, symbol, file and thread names)
/// into report.md so that it shows as text and nothing else: inline, every character that could start Markdown or
/// HTML is backslash-escaped; as a block, it is fenced by more backticks than any run of backticks inside it. Either
/// way, characters that are invisible or reorder what is shown are written as escapes (<see cref="Visible"/>), so a
/// report reads the same in a terminal and rendered, and cannot hide or reverse what it holds.
/// </summary>
public static class MarkdownText
{
    private const int MinFence = 3;

    /// <summary>ASCII punctuation that means something anywhere in a line in CommonMark or its common extensions
    /// (emphasis, links and images, HTML and entities, code, tables, strikethrough, math, attributes, mentions,
    /// inserted and marked text, a heading's closing hashes). Parentheses only matter after a link's brackets.</summary>
    private const string AlwaysEscaped = "\\`*[]<>&!~|#+=^${}@";

    /// <summary><paramref name="text"/> with every control, format (bidi overrides and isolates, zero-width, BOM) and
    /// line or paragraph separator character written as an escape: <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\xNN</c> below
    /// U+0080, <c>\uNNNN</c> above (unpaired surrogates too), <c>\UNNNNNNNN</c> past U+FFFF. Text that had none comes
    /// back unchanged.</summary>
    /// <param name="keepLines">Keep line feeds and tabs as they are: the text is a block.</param>
    public static string Visible(string text, bool keepLines = false)
    {
        StringBuilder? visible = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? escape;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                escape = Hidden(Rune.GetUnicodeCategory(rune)) ? $"\\U{rune.Value:x8}" : null;
                if (escape is not null) (visible ??= new StringBuilder(text, 0, i, text.Length + 16)).Append(escape);
                else visible?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            escape = c switch
            {
                '\n' or '\t' when keepLines => null,
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ when char.IsSurrogate(c) || Hidden(char.GetUnicodeCategory(c)) => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escape is not null) (visible ??= new StringBuilder(text, 0, i, text.Length + 16)).Append(escape);
            else visible?.Append(c);
        }
        return visible?.ToString() ?? text;
    }

    /// <summary><paramref name="text"/> made <see cref="Visible"/> so that it reads back exactly
    /// (<see cref="FromExact"/>): backslashes are doubled first, so every backslash left alone starts an escape. For
    /// text a report states to be read back, such as a signature.</summary>
    public static string Exact(string text) => Visible(text.Replace("\\", "\\\\"));

    /// <summary>The text <see cref="Exact"/> made <paramref name="exact"/> of. A backslash that starts no escape (a
    /// report written before backslashes were doubled) stays as it is.</summary>
    public static string FromExact(string exact)
    {
        var text = new StringBuilder(exact.Length);
        for (var i = 0; i < exact.Length; i++)
        {
            var c = exact[i];
            var next = i + 1 < exact.Length ? exact[i + 1] : '\0';
            var digits = c != '\\' ? 0 : next switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
            if (digits > 0 && i + 2 + digits <= exact.Length
                && uint.TryParse(exact.AsSpan(i + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && (digits < 8 || Rune.IsValid(code)))
            {
                if (digits < 8) text.Append((char)code);
                else text.Append(char.ConvertFromUtf32((int)code));
                i += 1 + digits;
                continue;
            }
            var escaped = c != '\\' ? (char?)null : next switch { '\\' => '\\', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => null };
            if (escaped is { } e)
            {
                text.Append(e);
                i++;
            }
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary><paramref name="text"/> as one line of literal Markdown text, for a heading, a list item or a sentence.</summary>
    public static string Inline(string text)
    {
        var visible = Visible(text);
        var md = new StringBuilder(visible.Length + 8);
        for (var i = 0; i < visible.Length; i++)
        {
            var c = visible[i];
            if (MustEscape(visible, i)) md.Append('\\');
            md.Append(c);
        }
        return md.ToString();
    }

    /// <summary>A fenced block holding <paramref name="body"/> as it is (made <see cref="Visible"/>): the fence is
    /// longer than any run of backticks in the body, so no line of it can close the block.</summary>
    public static string Fence(string language, string body)
    {
        var visible = Visible(body.TrimEnd('\n'), keepLines: true);
        var fence = new string('`', Math.Max(MinFence, LongestRun(visible, '`') + 1));
        return $"{fence}{language}\n{visible}\n{fence}\n";
    }

    /// <summary>A code span holding <paramref name="text"/>, delimited by more backticks than any run inside it and
    /// padded with a space when it needs one (CommonMark takes one space off each side).</summary>
    public static string Code(string text)
    {
        var visible = Visible(text);
        var ticks = new string('`', LongestRun(visible, '`') + 1);
        var pad = ticks.Length > 1 || visible.StartsWith('`') || visible.EndsWith('`') || visible.StartsWith(' ') || visible.EndsWith(' ')
            ? " " : "";
        return $"{ticks}{pad}{visible}{pad}{ticks}";
    }

    /// <summary>Controls, format characters (bidi marks, overrides and isolates, zero-width characters, the BOM),
    /// line and paragraph separators, surrogates and unassigned code points: what a reader cannot see as itself.</summary>
    private static bool Hidden(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
        or UnicodeCategory.OtherNotAssigned;

    private static bool MustEscape(string text, int i)
    {
        var c = text[i];
        if (AlwaysEscaped.Contains(c)) return true;
        char Before() => i > 0 ? text[i - 1] : ' ';
        char After() => i + 1 < text.Length ? text[i + 1] : ' ';
        return c switch
        {
            // Inside a word an underscore never emphasizes (kv_get stays readable); at a word's edge it may.
            '_' => !(char.IsLetterOrDigit(Before()) && char.IsLetterOrDigit(After())),
            // A scheme (http:, mailto:) turns the rest into a link where autolinks are on.
            ':' => After() != ' ',
            // www. starts an autolink; "1." or "1)" at the start, a list.
            '.' => Before() is 'w' or 'W' || (i > 0 && text[..i].All(char.IsAsciiDigit)),
            ')' => i > 0 && text[..i].All(char.IsAsciiDigit),
            // A list or a setext heading when the text starts a line.
            '-' => i == 0,
            _ => false,
        };
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
