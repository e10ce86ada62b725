using System.Globalization;

namespace Stampede.Reports.Html;

/// <summary>A run's duration as people read it: 0.4 s, 12.3 s, 5 min 3 s, 2 h 5 min.</summary>
internal static class DurationText
{
    public static string Of(TimeSpan duration) => duration switch
    {
        { TotalMinutes: < 1 } => duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 1 } => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
        _ => $"{(int)duration.TotalHours} h {duration.Minutes} min",
    };
}
