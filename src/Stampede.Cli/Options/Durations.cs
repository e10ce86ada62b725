using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Cli.Options;

/// <summary>Parses campaign durations as people write them: 90s, 10m, 8h, 1h30m (a bare number is seconds), up to
/// <see cref="Max"/>.</summary>
internal static partial class Durations
{
    /// <summary>The longest duration any option takes: far beyond any campaign, and far below what TimeSpan and timers
    /// can hold, so that sums and doublings of durations never overflow.</summary>
    public static TimeSpan Max { get; } = TimeSpan.FromHours(1000);

    /// <summary>The accepted values, as error lines say them.</summary>
    public static string Range => $"more than 0s and at most {Format(Max)} (write 90s, 10m or 8h)";

    /// <summary>The duration, or null when the text is not one or is out of range (0 or less, over <see cref="Max"/>,
    /// NaN, infinite).</summary>
    public static TimeSpan? TryParse(string text)
    {
        double seconds;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double bare)) seconds = bare;
        else
        {
            var match = Pattern().Match(text.Trim());
            if (!match.Success || match.Length == 0) return null;
            seconds = 0;
            foreach (Capture c in match.Groups["part"].Captures)
                seconds += double.Parse(c.Value[..^1], CultureInfo.InvariantCulture) * c.Value[^1] switch { 'h' => 3600, 'm' => 60, _ => 1 };
        }
        // Compared as doubles, before TimeSpan sees them: TimeSpan.FromSeconds throws on what it cannot hold.
        return seconds > 0 && seconds <= Max.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>The shortest way to write <paramref name="duration"/> that <see cref="TryParse"/> reads back: 20s, 10m, 2h.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds % 3600 == 0 ? $"{duration.TotalHours:0}h"
        : duration.TotalSeconds % 60 == 0 ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds:0.###}s";

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[hms])+$")]
    private static partial Regex Pattern();
}
