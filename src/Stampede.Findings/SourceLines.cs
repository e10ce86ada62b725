using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Findings;

/// <summary>
/// Fills <see cref="Frame.Source"/> from the source files that frames name, so a report shows the line that
/// crashed and keeps showing it when the sources change or are not at hand.
/// </summary>
public static partial class SourceLines
{
    private const long MaxFileBytes = 4 << 20;
    private const int MaxLineLength = 200;

    public static IReadOnlyList<Stack> Attach(IReadOnlyList<Stack> stacks)
    {
        var files = new Dictionary<string, string[]?>();
        return stacks.Select(s => s with { Frames = s.Frames.Select(f => f.Source is null ? f with { Source = Line(f.Location, files) } : f).ToArray() })
            .ToArray();
    }

    /// <summary>Splits file:line or file:line:column; null when the location has no line, or one past int (no
    /// source file has it, and the location is the target's text).</summary>
    public static (string File, int Line)? Parse(string? location)
    {
        if (location is null) return null;
        var match = LocationPattern().Match(location);
        return match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? (match.Groups[1].Value, line) : null;
    }

    private static string? Line(string? location, Dictionary<string, string[]?> files)
    {
        if (Parse(location) is not var (file, line)) return null;
        if (!files.TryGetValue(file, out var lines))
            files[file] = lines = Read(file);
        if (lines is null || line < 1 || line > lines.Length) return null;
        var text = lines[line - 1].Trim();
        return text.Length > MaxLineLength ? text[..MaxLineLength] + "…" : text;
    }

    private static string[]? Read(string file)
    {
        try
        {
            var info = new FileInfo(file);
            return info.Exists && info.Length <= MaxFileBytes ? File.ReadAllLines(file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a source we cannot read only costs the report its source line
        }
    }

    [GeneratedRegex(@"^(.+?):(\d+)(?::\d+)?$")]
    private static partial Regex LocationPattern();
}
