namespace Stampede.Reports.Html;

/// <summary>Steps between an axis's ticks that people read at a glance: 1, 2 or 5 times a power of ten.</summary>
public static class NiceStep
{
    /// <summary>The smallest such step at least <paramref name="rough"/> (and above 0).</summary>
    public static double Above(double rough)
    {
        if (!(rough > 0)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var factor in new[] { 1, 2, 5, 10 })
            if (factor * power >= rough * (1 - 1e-9)) return factor * power;
        return 10 * power;
    }

    /// <summary>A step for an axis of counts from 0 to <paramref name="max"/>: whole, at least 1.</summary>
    public static long ForCounts(long max, int maxTicks) => Math.Max(1, (long)Above((double)Math.Max(1, max) / maxTicks));
}
