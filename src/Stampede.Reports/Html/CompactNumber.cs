using System.Globalization;

namespace Stampede.Reports.Html;

/// <summary>A count as an axis label holds it: 950, 12k, 1.5M.</summary>
internal static class CompactNumber
{
    private static readonly (long Scale, string Suffix)[] Scales = [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")];

    public static string Of(long value)
    {
        foreach (var (scale, suffix) in Scales)
            if (Math.Abs(value) >= scale)
                return ((double)value / scale).ToString("0.#", CultureInfo.InvariantCulture) + suffix;
        return value.ToString(CultureInfo.InvariantCulture);
    }
}
