using System.CommandLine;
using System.CommandLine.Parsing;

namespace Stampede.Cli;

/// <summary>
/// The one <c>error:</c> line for a command line System.CommandLine refused. A word it did not recognise is named,
/// with the nearest command or option of the command it was given to (a misspelling is seldom more than a letter or
/// two away: <c>fuz</c>, <c>shwo</c>, <c>--duratoin</c>); otherwise the parser's first error.
/// </summary>
internal static class ParseErrorLine
{
    public static string For(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var chain = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent) chain.Insert(0, result.Command.Name);
        string path = string.Join(' ', chain.Prepend("stampede"));
        string help = $"(see {path} --help)";
        if (parse.UnmatchedTokens.Count > 0)
        {
            string word = parse.UnmatchedTokens[0];
            bool isOption = word.StartsWith('-');
            var names = isOption
                ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            string what = isOption ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
            string suggestion = Nearest(word, names) is { } near ? $"; did you mean '{near}'?" : "";
            return $"{path}: unrecognized {what} '{word}'{suggestion} {help}";
        }
        return $"{parse.Errors[0].Message} {help}"; // Output.Error makes one line of the accepted values it lists one per line
    }

    /// <summary>The name closest to <paramref name="word"/>, when it is close enough to be what was meant: one it
    /// begins, or one a few edits away (a third of its length, at least two).</summary>
    static string? Nearest(string word, IEnumerable<string> names)
    {
        var best = names.Distinct()
            .Select(n => (Name: n, Distance: n.StartsWith(word, StringComparison.Ordinal) && word.TrimStart('-').Length > 0 ? 0 : Distance(word, n)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, word.TrimStart('-').Length / 3) ? best.Name : null;
    }

    /// <summary>Edits from one word to the other: insertions, deletions, substitutions, and swaps of neighbours.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
