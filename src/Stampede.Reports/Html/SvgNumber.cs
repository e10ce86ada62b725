using System.Globalization;

namespace Stampede.Reports.Html;

/// <summary>A coordinate as SVG attributes hold it: invariant culture, at most one decimal.</summary>
internal static class SvgNumber
{
    public static string Of(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
