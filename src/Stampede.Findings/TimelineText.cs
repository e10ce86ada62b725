using System.Text;

namespace Stampede.Findings;

/// <summary>
/// A failing run's timeline as plain text, the way jcstress and Lincheck show interleavings: a chart with one row
/// per thread on a shared time axis, then a table of every call. The call each thread was inside when the run
/// failed is drawn open-ended (<c>[kv_get&gt;&gt;&gt;</c>) and marked <see cref="InFlightMark"/> in the table.
/// </summary>
public static class TimelineText
{
    public const string InFlightMark = ">> in flight";
    private const int ChartWidth = 60;
    private const int MaxResultLength = 40;

    public static string Chart(IReadOnlyList<ThreadTimeline> timeline)
    {
        var calls = timeline.SelectMany(t => t.Calls).ToArray();
        if (calls.Length == 0) return "(no calls)\n";
        var span = EndOfRunMicros(timeline);
        var nameWidth = timeline.Max(t => t.Thread.Length);
        var text = new StringBuilder();
        var axisEnd = $"{span} µs";
        text.Append(' ', nameWidth + 2).Append("0 µs".PadRight(ChartWidth - axisEnd.Length)).Append(axisEnd).Append('\n');
        foreach (var thread in timeline)
        {
            var row = Enumerable.Repeat(' ', ChartWidth).ToArray();
            for (var i = 0; i < thread.Calls.Count; i++)
                Draw(row, thread.Calls[i], inFlight: thread.InFlight == i, span);
            text.Append(thread.Thread.PadRight(nameWidth + 2)).Append(new string(row).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Where pictures of <paramref name="timeline"/> end: the last time any call started or returned (calls that
    /// never returned are drawn up to it), at least 1 µs so that a timeline of instant calls still has a width.</summary>
    public static long EndOfRunMicros(IReadOnlyList<ThreadTimeline> timeline) =>
        Math.Max(1, timeline.SelectMany(t => t.Calls).Select(c => Math.Max(c.StartMicros, c.EndMicros ?? 0)).DefaultIfEmpty(0).Max());

    public static string Table(IReadOnlyList<ThreadTimeline> timeline)
    {
        var rows = new List<string[]> { new[] { "thread", "#", "call", "start µs", "end µs", "result" } };
        foreach (var thread in timeline)
            for (var i = 0; i < thread.Calls.Count; i++)
            {
                var call = thread.Calls[i];
                var result = thread.InFlight == i ? InFlightMark : Shorten(call.Result ?? "");
                rows.Add([MarkdownText.Visible(thread.Thread), i.ToString(), MarkdownText.Visible(call.Function), call.StartMicros.ToString(),
                    call.EndMicros?.ToString() ?? "-", result]);
            }
        return Columns.Align(rows, rightAligned: [1, 3, 4]);
    }

    private static void Draw(char[] row, TimedCall call, bool inFlight, long span)
    {
        var first = Column(call.StartMicros, span);
        var last = call.EndMicros is { } end && !inFlight ? Math.Max(first, Column(end, span)) : ChartWidth - 1;
        for (var c = first; c <= last; c++) row[c] = inFlight ? '>' : '-';
        row[first] = '[';
        if (!inFlight && last > first) row[last] = ']';
        // The name goes inside the bar where it fits; a short call shows as much of it as it has room for.
        var room = last - first - (inFlight ? 0 : 1);
        for (var k = 0; k < Math.Min(room, call.Function.Length); k++) row[first + 1 + k] = call.Function[k];
    }

    private static int Column(long micros, long span) => (int)Math.Min(ChartWidth - 1, micros * (ChartWidth - 1) / span);

    /// <summary>One line, with what cannot be seen made visible (<see cref="MarkdownText.Visible"/>) before it is measured,
    /// and cut short without splitting a surrogate pair.</summary>
    private static string Shorten(string text)
    {
        var oneLine = MarkdownText.Visible(text);
        if (oneLine.Length <= MaxResultLength) return oneLine;
        var cut = MaxResultLength - 1;
        if (char.IsLowSurrogate(oneLine[cut])) cut--;
        return oneLine[..cut] + "…";
    }
}
