using System.Text.RegularExpressions;

namespace Stampede.Cli.Options;

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

    /// <summary>The shortest way to write <paramref name="duration"/> that <see cref="TryParse"/> reads back: 20s, 10m, 2h.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds % 3600 == 0 ? $"{duration.TotalHours:0}h"
        : duration.TotalSeconds % 60 == 0 ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds:0.###}s";

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[hms])+$")]
    private static partial Regex Pattern();
}
