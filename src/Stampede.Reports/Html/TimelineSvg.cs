using System.Text;
using Stampede.Findings;

namespace Stampede.Reports.Html;

/// <summary>
/// A failing run's timeline as an inline SVG picture, the graphical form of <see cref="TimelineText"/>: one lane per
/// program thread (<c>g class="lane"</c>), one bar per call (a <c>rect</c> in a <c>g class="call"</c>) from its start to its end on
/// one time axis, so overlaps between threads show as they happened. A call that never returned (the one a thread was
/// inside when the run failed) is drawn to the end of the run and on past it, hatched and outlined in red (class
/// <c>in-flight</c>).
/// The function's name is written on its bar when it fits, and every bar has a tooltip (<c>title</c>) with the thread,
/// the call, its times and its result.
/// </summary>
public static class TimelineSvg
{
    public const string InFlightClass = "in-flight";
    public const string InFlightText = "in flight: started, never returned";

    private const int Width = 960;
    private const int LabelWidth = 80;
    private const int RightMargin = 16;
    /// <summary>How far past the run's end a call that never returned is drawn, so that it reads as going on even when it
    /// started last (a hang's second thread).</summary>
    private const int InFlightOverhang = 40;
    private const int Top = 8;
    private const int LaneHeight = 26;
    private const int BarHeight = 18;
    private const int AxisHeight = 26;
    private const int LegendHeight = 22;
    private const int MaxTicks = 10;
    /// <summary>Calls that took no measurable time still get a bar one can see and point at.</summary>
    private const double MinBarWidth = 4;
    private const double FontSize = 11;
    /// <summary>The width of one character of the monospace font at <see cref="FontSize"/>, to tell whether a name fits.</summary>
    private const double CharWidth = 6.7;
    private const double TextPadding = 3;
    private const int MinShownChars = 3;

    private const string BarFill = "#a9c8f0";
    private const string BarStroke = "#2f5f9e";
    private const string InFlightStroke = "#c62828";
    private const string InFlightHatch = "#f3b4b4";
    private const string GridColor = "#e3e6ea";
    private const string TextColor = "#1d1d1f";
    private const string MutedColor = "#5f6368";

    /// <summary>The picture of <paramref name="timeline"/>; <paramref name="idPrefix"/> keeps its hatch pattern's id
    /// apart from other pictures' in the same page.</summary>
    public static string Render(IReadOnlyList<ThreadTimeline> timeline, string idPrefix)
    {
        var end = TimelineText.EndOfRunMicros(timeline);
        var axis = TimeAxis.For(end, MaxTicks);
        var plotRight = Width - RightMargin - InFlightOverhang;
        // A time before the run's start (a clock that stepped back) is drawn at the start, not over the thread names.
        double X(long micros) => LabelWidth + (double)Math.Max(0, micros) * (plotRight - LabelWidth) / end;
        var lanesBottom = Top + timeline.Count * LaneHeight;
        var height = lanesBottom + AxisHeight + LegendHeight;
        var hatch = HtmlText.Text($"{idPrefix}-hatch");
        var callCount = timeline.Sum(t => t.Calls.Count);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{Width}\" height=\"{height}\" ")
            .Append($"viewBox=\"0 0 {Width} {height}\" font-family=\"monospace\" font-size=\"{FontSize}\" role=\"img\" ")
            .Append($"aria-label=\"Timeline: {timeline.Count} threads, {callCount} calls\">\n");
        svg.Append($"<defs><pattern id=\"{hatch}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .Append($"<rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{InFlightHatch}\" stroke-width=\"5\"/>")
            .Append("</pattern></defs>\n");

        // Grid lines first, so bars are drawn over them.
        svg.Append("<g class=\"axis\">\n");
        foreach (var tick in axis.TicksMicros)
        {
            var x = SvgNumber.Of(X(tick));
            svg.Append($"<line x1=\"{x}\" y1=\"{Top}\" x2=\"{x}\" y2=\"{lanesBottom + 4}\" stroke=\"{GridColor}\"/>")
                .Append($"<text x=\"{x}\" y=\"{lanesBottom + 17}\" text-anchor=\"middle\" fill=\"{MutedColor}\">{HtmlText.Text(axis.Label(tick))}</text>\n");
        }
        svg.Append($"<line x1=\"{LabelWidth}\" y1=\"{lanesBottom + 4}\" x2=\"{plotRight}\" y2=\"{lanesBottom + 4}\" stroke=\"{MutedColor}\"/>\n")
            .Append("</g>\n");

        for (var lane = 0; lane < timeline.Count; lane++)
        {
            var thread = timeline[lane];
            var laneTop = Top + lane * LaneHeight;
            var barTop = laneTop + (LaneHeight - BarHeight) / 2.0;
            var textY = SvgNumber.Of(barTop + BarHeight / 2.0 + FontSize / 2.8);
            svg.Append($"<g class=\"lane\" data-thread=\"{HtmlText.Text(thread.Thread)}\">\n")
                .Append($"<text class=\"thread\" x=\"{LabelWidth - 8}\" y=\"{textY}\" text-anchor=\"end\" fill=\"{TextColor}\" font-weight=\"bold\">")
                .Append($"{HtmlText.Shortened(thread.Thread, (int)((LabelWidth - 10) / CharWidth))}</text>\n")
                .Append($"<line x1=\"{LabelWidth}\" y1=\"{laneTop + LaneHeight}\" x2=\"{plotRight + InFlightOverhang}\" y2=\"{laneTop + LaneHeight}\" stroke=\"{GridColor}\"/>\n");
            for (var i = 0; i < thread.Calls.Count; i++)
            {
                var call = thread.Calls[i];
                var inFlight = thread.InFlight == i || call.EndMicros is null;
                var left = X(call.StartMicros);
                var right = inFlight ? X(end) + InFlightOverhang : X(Math.Max(call.StartMicros, call.EndMicros!.Value));
                var width = Math.Max(MinBarWidth, right - left);
                svg.Append($"<g class=\"call{(inFlight ? " " + InFlightClass : "")}\">")
                    .Append($"<title>{HtmlText.Text(Tooltip(thread.Thread, i, call, inFlight))}</title>")
                    .Append($"<rect x=\"{SvgNumber.Of(left)}\" y=\"{SvgNumber.Of(barTop)}\" ")
                    .Append($"width=\"{SvgNumber.Of(width)}\" height=\"{BarHeight}\" rx=\"2\" ")
                    .Append(inFlight
                        ? $"fill=\"url(#{hatch})\" stroke=\"{InFlightStroke}\" stroke-width=\"2\"/>"
                        : $"fill=\"{BarFill}\" stroke=\"{BarStroke}\"/>");
                var room = (int)((width - 2 * TextPadding) / CharWidth);
                if (room >= Math.Min(MinShownChars, call.Function.Length) && room > 0)
                    svg.Append($"<text x=\"{SvgNumber.Of(left + TextPadding)}\" y=\"{textY}\" fill=\"{TextColor}\">")
                        .Append($"{HtmlText.Shortened(call.Function, room)}</text>");
                svg.Append("</g>\n");
            }
            svg.Append("</g>\n");
        }

        var legendY = lanesBottom + AxisHeight;
        svg.Append("<g class=\"legend\">")
            .Append($"<rect x=\"{LabelWidth}\" y=\"{legendY}\" width=\"22\" height=\"12\" fill=\"{BarFill}\" stroke=\"{BarStroke}\"/>")
            .Append($"<text x=\"{LabelWidth + 28}\" y=\"{legendY + 10}\" fill=\"{MutedColor}\">call, start to return</text>")
            .Append($"<rect x=\"{LabelWidth + 220}\" y=\"{legendY}\" width=\"22\" height=\"12\" fill=\"url(#{hatch})\" stroke=\"{InFlightStroke}\" stroke-width=\"2\"/>")
            .Append($"<text x=\"{LabelWidth + 248}\" y=\"{legendY + 10}\" fill=\"{MutedColor}\">{HtmlText.Text(InFlightText)}</text>")
            .Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static string Tooltip(string thread, int index, TimedCall call, bool inFlight)
    {
        var times = inFlight
            ? $"started at {call.StartMicros} µs, {InFlightText}"
            : $"{call.StartMicros}–{call.EndMicros} µs ({call.EndMicros - call.StartMicros} µs)";
        var result = call.Result is null || inFlight ? "" : $", returned {call.Result}";
        return $"{thread} #{index} {call.Function}: {times}{result}";
    }
}
