using System.Globalization;
using System.Text;

namespace Stampede.Reports.Html;

/// <summary>
/// A campaign's counters over time (<see cref="RunReport.Statistics"/>) as an inline SVG chart: distinct findings as
/// steps on the left axis, programs executed as a line on the right axis, against elapsed time. Each sample is a
/// point with a tooltip giving all its counters.
/// </summary>
public static class StatisticsChartSvg
{
    /// <summary>A line needs two points: with fewer samples the report says so instead of drawing.</summary>
    public const int MinSamples = 2;

    public const string FindingsLabel = "distinct findings";
    public const string ProgramsLabel = "programs executed";

    private const int Width = 960;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 72;
    private const int Top = 34;
    private const int Bottom = 46;
    private const int MaxTicks = 8;
    private const int MaxCountTicks = 5;

    private const string FindingsColor = "#c62828";
    private const string ProgramsColor = "#1565c0";
    private const string GridColor = "#e3e6ea";
    private const string MutedColor = "#5f6368";

    /// <exception cref="ArgumentException">Fewer than <see cref="MinSamples"/> samples.</exception>
    public static string Render(IReadOnlyList<StatisticsSample> samples)
    {
        if (samples.Count < MinSamples) throw new ArgumentException($"a chart needs at least {MinSamples} samples", nameof(samples));
        var ordered = samples.OrderBy(s => s.Elapsed).ToArray();
        var endMicros = Math.Max(1, ordered[^1].Elapsed.Ticks / TimeSpan.TicksPerMicrosecond);
        var time = TimeAxis.For(endMicros, MaxTicks);
        var findingsStep = NiceStep.ForCounts(ordered.Max(s => s.DistinctFindings), MaxCountTicks);
        var findingsTop = Math.Max(1, Ceiling(ordered.Max(s => s.DistinctFindings), findingsStep));
        var programsStep = NiceStep.ForCounts(ordered.Max(s => s.Programs), MaxCountTicks);
        var programsTop = Math.Max(1, Ceiling(ordered.Max(s => s.Programs), programsStep));

        const int plotRight = Width - Right, plotBottom = Height - Bottom;
        double X(TimeSpan elapsed) => Left + (double)(elapsed.Ticks / TimeSpan.TicksPerMicrosecond) * (plotRight - Left) / endMicros;
        double XMicros(long micros) => Left + (double)micros * (plotRight - Left) / endMicros;
        double YFindings(long n) => plotBottom - (double)n * (plotBottom - Top) / findingsTop;
        double YPrograms(long n) => plotBottom - (double)n * (plotBottom - Top) / programsTop;
        string N(double v) => SvgNumber.Of(v);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"statistics\" width=\"{Width}\" height=\"{Height}\" ")
            .Append($"viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" ")
            .Append($"aria-label=\"{FindingsLabel} and {ProgramsLabel} over {HtmlText.Text(time.Label(endMicros))}\">\n");

        svg.Append("<g class=\"axes\">\n");
        for (long n = 0; n <= findingsTop; n += findingsStep)
            svg.Append($"<line x1=\"{Left}\" y1=\"{N(YFindings(n))}\" x2=\"{plotRight}\" y2=\"{N(YFindings(n))}\" stroke=\"{GridColor}\"/>")
                .Append($"<text x=\"{Left - 6}\" y=\"{N(YFindings(n) + 4)}\" text-anchor=\"end\" fill=\"{FindingsColor}\">{n}</text>\n");
        for (long n = 0; n <= programsTop; n += programsStep)
            svg.Append($"<text x=\"{plotRight + 6}\" y=\"{N(YPrograms(n) + 4)}\" fill=\"{ProgramsColor}\">{CompactNumber.Of(n)}</text>\n");
        foreach (var tick in time.TicksMicros)
            svg.Append($"<line x1=\"{N(XMicros(tick))}\" y1=\"{plotBottom}\" x2=\"{N(XMicros(tick))}\" y2=\"{plotBottom + 5}\" stroke=\"{MutedColor}\"/>")
                .Append($"<text x=\"{N(XMicros(tick))}\" y=\"{plotBottom + 18}\" text-anchor=\"middle\" fill=\"{MutedColor}\">{HtmlText.Text(time.Label(tick))}</text>\n");
        svg.Append($"<line x1=\"{Left}\" y1=\"{plotBottom}\" x2=\"{plotRight}\" y2=\"{plotBottom}\" stroke=\"{MutedColor}\"/>")
            .Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{plotBottom}\" stroke=\"{FindingsColor}\"/>")
            .Append($"<line x1=\"{plotRight}\" y1=\"{Top}\" x2=\"{plotRight}\" y2=\"{plotBottom}\" stroke=\"{ProgramsColor}\"/>\n")
            .Append($"<text x=\"{(Left + plotRight) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" fill=\"{MutedColor}\">elapsed time</text>\n")
            .Append($"<text transform=\"translate(16 {(Top + plotBottom) / 2}) rotate(-90)\" text-anchor=\"middle\" fill=\"{FindingsColor}\">{FindingsLabel}</text>\n")
            .Append($"<text transform=\"translate({Width - 12} {(Top + plotBottom) / 2}) rotate(90)\" text-anchor=\"middle\" fill=\"{ProgramsColor}\">{ProgramsLabel}</text>\n")
            .Append("</g>\n");

        // Distinct findings only change when one is found: a step after each sample, not a slope between them.
        var steps = new StringBuilder($"M{N(X(TimeSpan.Zero))},{N(YFindings(0))}");
        foreach (var s in ordered)
            steps.Append($" H{N(X(s.Elapsed))} V{N(YFindings(s.DistinctFindings))}");
        svg.Append($"<path class=\"findings\" d=\"{steps}\" fill=\"none\" stroke=\"{FindingsColor}\" stroke-width=\"2\"/>\n");
        var line = string.Join(" ", ordered.Select(s => $"{N(X(s.Elapsed))},{N(YPrograms(s.Programs))}"));
        svg.Append($"<polyline class=\"programs\" points=\"{line}\" fill=\"none\" stroke=\"{ProgramsColor}\" stroke-width=\"2\"/>\n");

        svg.Append("<g class=\"samples\">\n");
        foreach (var s in ordered)
        {
            var tooltip = HtmlText.Text(Tooltip(s, time));
            svg.Append($"<circle cx=\"{N(X(s.Elapsed))}\" cy=\"{N(YPrograms(s.Programs))}\" r=\"3.5\" fill=\"{ProgramsColor}\"><title>{tooltip}</title></circle>")
                .Append($"<circle cx=\"{N(X(s.Elapsed))}\" cy=\"{N(YFindings(s.DistinctFindings))}\" r=\"3.5\" fill=\"{FindingsColor}\"><title>{tooltip}</title></circle>\n");
        }
        svg.Append("</g>\n");

        svg.Append("<g class=\"legend\">")
            .Append($"<line x1=\"{Left}\" y1=\"14\" x2=\"{Left + 24}\" y2=\"14\" stroke=\"{FindingsColor}\" stroke-width=\"2\"/>")
            .Append($"<text x=\"{Left + 30}\" y=\"18\" fill=\"{FindingsColor}\">{FindingsLabel} (left axis)</text>")
            .Append($"<line x1=\"{Left + 220}\" y1=\"14\" x2=\"{Left + 244}\" y2=\"14\" stroke=\"{ProgramsColor}\" stroke-width=\"2\"/>")
            .Append($"<text x=\"{Left + 250}\" y=\"18\" fill=\"{ProgramsColor}\">{ProgramsLabel} (right axis)</text>")
            .Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static long Ceiling(long value, long step) => (value + step - 1) / step * step;

    private static string Tooltip(StatisticsSample s, TimeAxis time) => string.Create(CultureInfo.InvariantCulture,
        $"at {time.Label(s.Elapsed.Ticks / TimeSpan.TicksPerMicrosecond)}: {s.DistinctFindings} {FindingsLabel}, {s.Programs:N0} programs, " +
        $"{s.Calls:N0} calls, {s.WorkerRestarts} worker restarts");
}
