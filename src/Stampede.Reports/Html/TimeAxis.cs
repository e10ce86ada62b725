using System.Globalization;

namespace Stampede.Reports.Html;

/// <summary>
/// The ticks of a time axis from 0 to a run's end, in the unit that keeps their labels short (µs for a timeline of
/// microseconds, ms, s or min for a campaign), one, two or five of a power of ten apart.
/// </summary>
/// <param name="TicksMicros">Where the ticks are, in µs from the start.</param>
/// <param name="Unit">The unit their labels are in.</param>
/// <param name="MicrosPerUnit">How many µs one <paramref name="Unit"/> is.</param>
public sealed record TimeAxis(IReadOnlyList<long> TicksMicros, string Unit, long MicrosPerUnit)
{
    /// <summary>The units, smallest first: an axis is labelled in the largest one that its end spans twice.</summary>
    private static readonly (string Unit, long Micros)[] Units = [("µs", 1), ("ms", 1_000), ("s", 1_000_000), ("min", 60_000_000)];

    private const int UnitsSpanned = 2;

    public static TimeAxis For(long endMicros, int maxTicks)
    {
        var end = Math.Max(1, endMicros);
        var (unit, micros) = Units.Last(u => u == Units[0] || end >= UnitsSpanned * u.Micros);
        // Times are whole microseconds: no step below one.
        var step = Math.Max(1, NiceStep.Above((double)end / micros / maxTicks) * micros);
        var ticks = new List<long>();
        for (var k = 0; k * step <= end; k++) ticks.Add((long)Math.Round(k * step));
        return new TimeAxis(ticks, unit, micros);
    }

    public string Label(long micros) => ((double)micros / MicrosPerUnit).ToString("0.###", CultureInfo.InvariantCulture) + " " + Unit;
}
