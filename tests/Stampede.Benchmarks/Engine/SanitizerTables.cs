using System.Globalization;
using System.Text;

namespace Stampede.Benchmarks.Engine;

/// <summary>Everything the sanitizer part of one benchmark run measured.</summary>
public sealed record SanitizerResults(
    BenchOptions Options, DateTime Started, TimeSpan WallTime, string Machine,
    IReadOnlyList<RaceGroup> Groups, SanitizerExpectations Expectations,
    IReadOnlyList<SanitizerCampaignResult> Campaigns,
    IReadOnlyList<SanitizerControlResult> Controls,
    IReadOnlyList<SlowdownRow> Slowdown);

/// <summary>
/// The sanitizer part's tables (written into docs/benchmarks.md between <see cref="Report.SanitizerBegin"/> and
/// <see cref="Report.SanitizerEnd"/>): time to detect each seeded bug under the sanitizer its contract names, the
/// sanitizer findings that detected none, the negative controls under both sanitizers, and the slowdown.
/// </summary>
public static class SanitizerTables
{
    public static string Markdown(SanitizerResults r)
    {
        var o = r.Options;
        var md = new StringBuilder();
        md.AppendLine($"Run of {r.Started:yyyy-MM-dd HH:mm} UTC, sanitizer part as `scripts/bench --only sanitizer --seeds {o.Seeds} " +
                      $"--cap {F(o.Cap.TotalSeconds)} --controls {F(o.ControlBudget.TotalSeconds)}` runs it, {F(r.WallTime.TotalMinutes, 1)} minutes in all.  ");
        md.AppendLine($"Machine: {r.Machine}.  ");
        md.AppendLine($"Seeds {o.Seeds} per library, cap {F(o.Cap.TotalSeconds)} s per campaign, negative controls {F(o.ControlBudget.TotalSeconds)} s " +
                      "per library and sanitizer, campaigns with 1 worker process (`--jobs 1`).");
        var stalled = r.Campaigns.Where(c => c.Stalled).ToArray();
        if (stalled.Length > 0)
            md.AppendLine("Campaigns that overran their cap by a minute and had their worker killed: " +
                          string.Join(", ", stalled.Select(c => $"{c.Library} seed {c.Seed} {SanitizerExpectations.Short(c.Sanitizer)} ({F(c.Seconds)} s)")) + ".");
        md.AppendLine();
        if (r.Campaigns.Count > 0)
        {
            Detection(md, r);
            Strays(md, r);
        }
        if (r.Controls.Count > 0) Controls(md, r);
        if (r.Slowdown.Count > 0) Slowdown(md, r);
        return md.ToString();
    }

    static void Detection(StringBuilder md, SanitizerResults r)
    {
        double cap = r.Options.Cap.TotalSeconds;
        md.AppendLine("### Time to detect under a sanitizer");
        md.AppendLine();
        md.AppendLine("| bug (group) | library | expected report | sanitizer | detected | median s | per seed s | reported as | racing lines named | signature (first detection) | oracles, same campaigns | other sanitizer |");
        md.AppendLine("| --- | --- | --- | --- | --- | ---: | --- | --- | --- | --- | --- | --- |");
        foreach (var g in r.Groups)
        {
            var sanitizer = r.Expectations.SanitizerFor(g);
            string expected = r.Expectations.ExpectedReport(g) ?? "–";
            if (sanitizer is null)
            {
                md.AppendLine($"| {g.Name} | {g.Library} | {expected} | – | – | – | – | – | – | – | – | – |");
                continue;
            }
            var runs = r.Campaigns.Where(c => c.Library == g.Library && c.Sanitizer == sanitizer.Name).OrderBy(c => c.Seed).ToArray();
            string detected = "–", median = "–", perSeed = "–", reportedAs = "–", lines = "–", signature = "–", oracles = "–";
            if (runs.Length > 0)
            {
                var hits = runs.Select(c => c.BySanitizer.GetValueOrDefault(g.Name)).ToArray();
                var found = hits.OfType<SanitizerDetection>().ToArray();
                detected = $"{found.Length}/{runs.Length}";
                median = F(Stats.Median(hits.Select(h => h?.Seconds ?? cap)), 1) + (hits.Count(h => h is null) * 2 > hits.Length ? " (cap)" : "");
                perSeed = string.Join(", ", hits.Select(h => h is null ? $">{F(cap)}" : F(h.Seconds, 1)));
                if (found.Length > 0)
                {
                    reportedAs = string.Join(", ", found.GroupBy(h => h.ReportKind).OrderByDescending(k => k.Count()).Select(k => $"{k.Key} ×{k.Count()}"));
                    lines = $"{found.Count(h => h.LinesNamed)}/{found.Length}";
                    signature = Code(found[0].Signature);
                }
                var other = runs.Select(c => c.ByOtherFindings.GetValueOrDefault(g.Name)).ToArray();
                oracles = $"{other.Count(h => h is not null)}/{runs.Length}" +
                          (other.Any(h => h is not null) ? " (" + string.Join(", ", other.OfType<Detection>().GroupBy(h => h.Kind).Select(k => $"{k.Key} ×{k.Count()}")) + ")" : "");
            }
            string otherSanitizer = "–";
            var otherRuns = r.Campaigns.Where(c => c.Library == g.Library && c.Sanitizer != sanitizer.Name).ToArray();
            if (otherRuns.Length > 0)
            {
                var seen = otherRuns.Select(c => c.BySanitizer.GetValueOrDefault(g.Name)).OfType<SanitizerDetection>().ToArray();
                otherSanitizer = $"{SanitizerExpectations.Short(otherRuns[0].Sanitizer)} {seen.Length}/{otherRuns.Length}" +
                                 (seen.Length > 0 ? " (" + string.Join(", ", seen.GroupBy(h => h.ReportKind).Select(k => $"{k.Key} ×{k.Count()}")) + ")" : "");
            }
            md.AppendLine($"| {g.Name} | {g.Library} | {expected} | {SanitizerExpectations.Short(sanitizer.Name)} | {detected} | {median} | {perSeed} | " +
                          $"{reportedAs} | {lines} | {signature} | {oracles} | {otherSanitizer} |");
        }
        md.AppendLine();
    }

    static void Strays(StringBuilder md, SanitizerResults r)
    {
        var strays = r.Campaigns.SelectMany(c => c.Strays.Select(s => (c.Sanitizer, Stray: s))).ToArray();
        int reports = r.Campaigns.Sum(c => c.SanitizerFindings);
        md.AppendLine("### Findings of these campaigns that detected no seeded bug");
        md.AppendLine();
        md.AppendLine($"{reports} sanitizer findings (hits) over {r.Campaigns.Count} campaigns. " +
                      $"False reports (a sanitizer report naming only mt-safe functions, or none): **{strays.Count(s => s.Stray.Kind == "sanitizer" && s.Stray.FalsePositive)}** distinct signatures; " +
                      $"other unmatched sanitizer reports: {strays.Count(s => s.Stray.Kind == "sanitizer" && !s.Stray.FalsePositive)}; " +
                      $"unmatched findings of the oracles and supervision: {strays.Count(s => s.Stray.Kind != "sanitizer")}" + (strays.Length == 0 ? "." : ":"));
        md.AppendLine();
        if (strays.Length == 0) return;
        md.AppendLine("| library | sanitizer | seed | at s | verdict | kind | signature |");
        md.AppendLine("| --- | --- | ---: | ---: | --- | --- | --- |");
        foreach (var (sanitizer, s) in strays.OrderBy(s => s.Stray.Library).ThenBy(s => s.Sanitizer).ThenBy(s => s.Stray.Seed).ThenBy(s => s.Stray.Seconds))
            md.AppendLine($"| {s.Library} | {SanitizerExpectations.Short(sanitizer)} | {s.Seed} | {F(s.Seconds, 1)} | " +
                          $"{(s.FalsePositive ? (s.Kind == "sanitizer" ? "false report" : "false positive") : "unmatched")} | {s.Kind} | {Code(s.Signature)} |");
        md.AppendLine();
    }

    static void Controls(StringBuilder md, SanitizerResults r)
    {
        int reports = r.Controls.Sum(c => c.Reports.Count), hits = r.Controls.Sum(c => c.ReportHits), others = r.Controls.Sum(c => c.OtherFindings.Count);
        md.AppendLine("### Negative controls under sanitizers");
        md.AppendLine();
        md.AppendLine($"Harnesses binding only the mt-safe functions, one campaign per library and sanitizer; total {F(r.Controls.Sum(c => c.Seconds) / 60, 1)} minutes. " +
                      $"Sanitizer reports: **{reports}** distinct ({hits} hits; goal 0); other findings: {others}.");
        md.AppendLine();
        md.AppendLine("| library | sanitizer | s | programs | calls | worker restarts | sanitizer reports | other findings | signatures |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var c in r.Controls)
        {
            var all = c.Reports.Concat(c.OtherFindings).ToArray();
            md.AppendLine($"| {c.Library} | {SanitizerExpectations.Short(c.Sanitizer)} | {F(c.Seconds)} | {c.Programs} | {c.Calls} | {c.Restarts} | {c.Reports.Count} | " +
                          $"{c.OtherFindings.Count} | {(all.Length == 0 ? "–" : string.Join(", ", all.Select(f => Code(f.Signature))))} |");
        }
        md.AppendLine();
    }

    static void Slowdown(StringBuilder md, SanitizerResults r)
    {
        md.AppendLine($"### Slowdown: the same program in a worker, plain vs sanitizer builds ({SanitizerSlowdown.Rounds} rounds, median)");
        md.AppendLine();
        md.AppendLine("| library | program | mode | worker ready ms | calls/s | ratio to plain |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: |");
        string? library = null;
        foreach (var row in r.Slowdown)
        {
            string program = row.Library == library ? "″" : row.Program;
            library = row.Library;
            string mode = row.Mode switch { "thread" => "ThreadSanitizer", "address" => "AddressSanitizer (+UBSan)", _ => "plain" };
            if (row.Reports > 0) mode += $" ({row.Reports} round(s) ended by a report)";
            md.AppendLine($"| {row.Library} | {program} | {mode} | {F(row.ReadyMilliseconds)} | " +
                          $"{(double.IsNaN(row.CallsPerSecond) ? "–" : row.CallsPerSecond.ToString("N0", CultureInfo.InvariantCulture))} | " +
                          $"{(double.IsNaN(row.RatioToPlain) ? "–" : F(row.RatioToPlain, 3))} |");
        }
        md.AppendLine();
    }

    /// <summary>A signature as inline code in a table cell: its <c>|</c> (between a race's two sites) escaped, since
    /// markdown tables split cells on it even inside code.</summary>
    static string Code(string text) => $"`{text.Replace("|", "\\|")}`";

    static string F(double value, int decimals = 0) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
