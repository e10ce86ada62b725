using Stampede.Findings;
using Stampede.Reports;

namespace Stampede.Cli.Gating;

/// <summary>
/// The end of a gate: one table — status, key, reproductions on the candidate and the baseline, the command that runs
/// it again — failing rows first, and a last <c>SUMMARY:</c> line with the exit code and why.
/// </summary>
internal static class GateSummary
{
    public static string Name(FindingStatus status) => status switch
    {
        FindingStatus.New => "new",
        FindingStatus.Fixed => "fixed",
        FindingStatus.StillPresent => "still present",
        FindingStatus.Flaky => "flaky",
        _ => "passed",
    };

    /// <summary>Prints the table and the verdict; true when the gate fails (a finding fails it, or an interruption left
    /// <paramref name="unjudged"/> findings unjudged).</summary>
    public static bool Print(IReadOnlyList<ReportedFinding> judged, int unjudged)
    {
        if (judged.Count > 0)
        {
            var rows = new List<string[]> { new[] { "status", "key", "candidate", "baseline", "reproduce" } };
            rows.AddRange(judged.OrderByDescending(j => j.Fails).ThenBy(j => j.Status).ThenBy(j => j.Signature, StringComparer.Ordinal)
                .Select(j => new[] { Name(j.Status) + (j.Fails ? " (fails)" : ""), j.Signature, $"{j.Candidate}", $"{j.Baseline}", j.ReproduceCommand }));
            Console.Write(Columns.Align(rows));
        }
        Console.WriteLine($"SUMMARY: {Counts(judged)}");
        bool fails = judged.Any(j => j.Fails) || unjudged > 0;
        Console.WriteLine($"SUMMARY: exit {(fails ? 1 : 0)}: {Verdict(judged, unjudged)}");
        return fails;
    }

    /// <summary>One line: why the gate passes or fails.</summary>
    public static string Verdict(IReadOnlyList<ReportedFinding> judged, int unjudged)
    {
        var failing = judged.Where(j => j.Fails).Select(f => $"{Name(f.Status)} {f.Signature}").ToList();
        if (unjudged > 0) failing.Add($"{unjudged} not judged (interrupted)");
        return failing.Count > 0
            ? $"{failing.Count} finding(s) fail the gate: {string.Join(", ", failing)}"
            : $"nothing new on the candidate ({Counts(judged)})";
    }

    static string Counts(IReadOnlyList<ReportedFinding> judged) => string.Join(", ",
        new[] { FindingStatus.New, FindingStatus.Fixed, FindingStatus.StillPresent, FindingStatus.Flaky }
            .Select(s => $"{judged.Count(j => j.Status == s)} {Name(s)}"));
}
