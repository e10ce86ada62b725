using Stampede.Model;
using System.Text;
using System.Text.RegularExpressions;

namespace Stampede.Findings;

/// <summary>
/// report.md: the finding for people, readable as plain text in a terminal as well as rendered. Everything
/// needing alignment (program, timeline, stacks) is in fenced blocks; facts are a flat list. Every string that came
/// from the target or its run (summary, results, output, names of symbols, files and threads) goes through
/// <see cref="MarkdownText"/>: escaped inline, or fenced beyond its backticks.
/// </summary>
public static partial class MarkdownReport
{
    public static string Render(RecordedFinding recorded)
    {
        var f = recorded.Finding;
        var md = new StringBuilder();
        md.Append($"# {f.Kind.Name()}: {MarkdownText.Inline(f.Summary)}\n\n");
        md.Append($"- signature: {MarkdownText.Code(MarkdownText.Exact(f.Signature))}\n");
        md.Append($"- library: {MarkdownText.Inline(f.Library)}\n");
        md.Append($"- triage: {recorded.Label}\n");
        if (recorded.Triage is { FailingCall: { } call } && recorded.Verdict == TriageVerdict.FailsOnOneThread)
            md.Append($"  - listed under \"{OneThreadFailure.Heading}\", apart from thread-safety findings: one caller fails in " +
                      $"{MarkdownText.Code(call)}\n");
        if (recorded.Triage is { } t)
        {
            md.Append($"  - reproduces single-threaded: {YesNo(t.SingleThreaded)}\n");
            md.Append($"  - reproduces with calls serialized by a global lock: {YesNo(t.UnderGlobalLock)}\n");
            md.Append($"  - reproduction rate: {t.Rate?.ToString() ?? "not measured"}\n");
        }
        md.Append($"- hits: {recorded.Hits} (first seen {Time(recorded.FirstSeen)}, last seen {Time(recorded.LastSeen)})\n");
        if (recorded.VariantsByHits.Count > 0)
        {
            md.Append("- failed at (one cause, several places):\n");
            foreach (var (place, hits) in recorded.VariantsByHits)
                md.Append($"  - {MarkdownText.Code(MarkdownText.Exact(place))}: {hits} hit(s)\n");
        }
        if (recorded.Repaired)
            md.Append("- repaired: report.json was lost; this report was rebuilt from the files in this directory\n");

        md.Append("\n## Reproduce\n\n");
        md.Append(MarkdownText.Fence("sh", string.IsNullOrEmpty(f.ReproduceCommand) ? "(unknown)" : f.ReproduceCommand));

        md.Append(recorded.MinimizedProgram is null
            ? $"\n## Program\n\nAs it ran ({CorpusLayout.ProgramFile}).\n\n"
            : $"\n## Program (minimized)\n\n{CorpusLayout.MinimizedFile}; the program as it ran is {CorpusLayout.ProgramFile}.\n\n");
        md.Append(MarkdownText.Fence("text", recorded.ReportedProgram));

        md.Append("\n## Timeline\n\n");
        var timeline = recorded.ReportedTimeline;
        md.Append(recorded.MinimizedTimeline is null ? "The calls of the failing run" : "The calls of a failing run of the minimized program");
        md.Append(", in µs from its start; the call a thread was inside when the run failed is drawn ");
        md.Append($"open-ended and marked `{TimelineText.InFlightMark}`.\n\n");
        md.Append(timeline.Count == 0 ? "(not recorded)\n" : MarkdownText.Fence("text", TimelineText.Chart(timeline) + "\n" + TimelineText.Table(timeline)));

        md.Append("\n## Stacks\n");
        if (f.Stacks.Count == 0) md.Append("\n(none)\n");
        foreach (var stack in f.Stacks)
            md.Append($"\n### {MarkdownText.Inline(stack.Name)}\n\n").Append(MarkdownText.Fence("text", StackText(stack)));

        if (f.Details is { Count: > 0 } details)
        {
            md.Append("\n## Details\n\n");
            foreach (var (key, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
                md.Append(value.Contains('\n')
                    ? $"- {MarkdownText.Inline(key)}:\n\n{MarkdownText.Fence("text", value)}\n"
                    : $"- {MarkdownText.Inline(key)}: {MarkdownText.Inline(value)}\n");
        }

        if (recorded.Examples.Count > 0)
        {
            md.Append($"\n## Examples\n\nFurther programs that showed the same signature ({CorpusLayout.ProgramFile} is the first):\n\n");
            foreach (var example in recorded.Examples) md.Append($"- {MarkdownText.Inline(example)}\n");
        }
        return md.ToString();
    }

    /// <summary>The signature a report states, for rebuilding a finding whose report.json is lost; null if absent.</summary>
    public static string? SignatureIn(string markdown)
    {
        var match = SignatureLine().Match(markdown);
        return match.Success ? MarkdownText.FromExact(match.Groups[2].Value) : null;
    }

    private static string StackText(Stack stack)
    {
        var rows = new List<string[]> { new[] { "#", "function", "location", "module" } };
        var sources = new Dictionary<int, string>();
        foreach (var row in StackRows.Of(stack))
        {
            if (row.Frame is not { } frame)
            {
                rows.Add([row.Numbers, "..", "", $"{row.Count} frames without a symbol"]);
                continue;
            }
            rows.Add([row.Numbers, MarkdownText.Visible(frame.Function ?? "??"), MarkdownText.Visible(frame.Location ?? ""),
                MarkdownText.Visible(frame.Module)]);
            if (row.SourceLine is { } line)
                sources[rows.Count - 1] = $"{line} | {MarkdownText.Visible(frame.Source!)}";
        }
        // The source line goes right under its frame, indented past the frame number.
        var lines = Columns.Align(rows, rightAligned: [0]).TrimEnd('\n').Split('\n');
        var text = new StringBuilder();
        for (var r = 0; r < lines.Length; r++)
        {
            text.Append(lines[r]).Append('\n');
            if (sources.TryGetValue(r, out var source)) text.Append("      ").Append(source).Append('\n');
        }
        return text.ToString();
    }


    /// <summary>A triage measurement as reports state it (report.html too): yes, no, or not checked.</summary>
    public static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "not checked" };

    /// <summary>A moment as reports state it (report.html too): UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'");

    [GeneratedRegex(@"^- signature: (`+) ?(.*?) ?\1$", RegexOptions.Multiline)]
    private static partial Regex SignatureLine();
}
