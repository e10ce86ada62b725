using System.Text.RegularExpressions;

namespace Stampede.Cli;

/// <summary>Parses campaign durations as people write them: 90s, 10m, 8h, 1h30m (a bare number is seconds).</summary>
internal static partial class Durations
{
    public static TimeSpan? TryParse(string text)
    {
        if (double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0)
            return TimeSpan.FromSeconds(seconds);
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Length == 0) return null;
        var total = TimeSpan.Zero;
        foreach (Capture c in match.Groups["part"].Captures)
        {
            double n = double.Parse(c.Value[..^1], System.Globalization.CultureInfo.InvariantCulture);
            total += c.Value[^1] switch { 'h' => TimeSpan.FromHours(n), 'm' => TimeSpan.FromMinutes(n), _ => TimeSpan.FromSeconds(n) };
        }
        return total > TimeSpan.Zero ? total : null;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[hms])+$")]
    private static partial Regex Pattern();
}
