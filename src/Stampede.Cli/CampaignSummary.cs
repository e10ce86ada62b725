using Stampede.Cli.Options;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Cli;

/// <summary>
/// The end of a <c>fuzz</c> run: a <c>SUMMARY:</c> line counting the findings by what triage made of them, a table of
/// those that fail the run (thread-safety findings, and those triage has not cleared), the findings that fail on one
/// thread once per function (<see cref="OneThreadFailure"/>), and a last <c>SUMMARY:</c> line giving the exit code and
/// why, so that nobody has to guess which findings made a run fail.
/// </summary>
internal static class CampaignSummary
{
    /// <summary>Prints the summary of the findings this run saw; true when one of them fails the run (<paramref name="failOn"/>).</summary>
    public static bool Print(IReadOnlyDictionary<string, RunFindings.Seen> found, FindingStore store, FailOn failOn)
    {
        if (found.Count == 0)
        {
            Console.WriteLine("SUMMARY: no findings");
            return false;
        }
        var verdicts = found.ToDictionary(f => f.Key, f => store.Find(f.Key)?.Verdict ?? TriageVerdict.Untriaged);
        int threadSafety = verdicts.Values.Count(v => v.IsThreadSafety()), untriaged = Count(verdicts, TriageVerdict.Untriaged),
            notReproduced = Count(verdicts, TriageVerdict.NotReproduced);
        // Per function, with this run's hits: the corpus may hold hits of earlier campaigns.
        var oneThread = OneThreadFailure.Group(found.Keys.Select(store.Find).OfType<RecordedFinding>()
            .Select(r => r with { Hits = found[r.Finding.Signature].Hits }));
        int misuse = oneThread.Sum(g => g.Variants.Count);

        Console.WriteLine($"SUMMARY: {found.Count} distinct finding(s): {threadSafety} thread-safety, {untriaged} not triaged, " +
                          $"{notReproduced} not reproduced, {misuse} failing on one thread (in {oneThread.Count} function(s))");
        var others = found.Where(f => verdicts[f.Key] != TriageVerdict.FailsOnOneThread).ToArray();
        if (others.Length > 0)
        {
            var rows = new List<string[]> { new[] { "kind", "hits", "signature", "triage" } };
            rows.AddRange(others.OrderBy(f => f.Value.Kind.Name(), StringComparer.Ordinal).ThenByDescending(f => f.Value.Hits)
                .Select(f => new[] { f.Value.Kind.Name(), f.Value.Hits.ToString(), f.Key, Triage.LabelOf(verdicts[f.Key]) }));
            Console.Write(Columns.Align(rows, rightAligned: [1]));
        }
        if (oneThread.Count > 0)
        {
            Console.WriteLine($"{OneThreadFailure.Heading}:");
            var rows = new List<string[]> { new[] { "function", "hits", "variants" } };
            rows.AddRange(oneThread.Select(g => new[]
                { g.Function, g.Hits.ToString(), string.Join(", ", g.Variants.Select(v => $"{v.Finding.Signature} ({v.Hits})")) }));
            Console.Write(Columns.Align(rows, rightAligned: [1]));
        }

        bool fails = verdicts.Values.Any(v => failOn.Fails(v));
        var failing = new List<string>();
        if (threadSafety > 0) failing.Add($"{threadSafety} thread-safety");
        if (untriaged > 0) failing.Add($"{untriaged} not triaged");
        if (notReproduced > 0) failing.Add($"{notReproduced} not reproduced");
        if (misuse > 0 && failOn == FailOn.Misuse) failing.Add($"{misuse} failing on one thread");
        string uncleared = untriaged + notReproduced > 0
            ? "; a finding triage has not cleared counts as a thread-safety one (stampede repro triages it)" : "";
        string apart = misuse > 0 && failOn != FailOn.Misuse
            ? $"; the {misuse} failing on one thread do not ({FailOnRule.Option} {FailOnRule.Name(FailOn.Misuse)} makes them)" : "";
        Console.WriteLine(fails
            ? $"SUMMARY: exit 1: {string.Join(", ", failing)} finding(s) fail the run{uncleared}{apart}"
            : $"SUMMARY: exit 0: no thread-safety finding{apart}");
        return fails;
    }

    static int Count(Dictionary<string, TriageVerdict> verdicts, TriageVerdict verdict) => verdicts.Values.Count(v => v == verdict);
}
