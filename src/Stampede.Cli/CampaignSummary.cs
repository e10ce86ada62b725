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
    /// <summary>Prints the summary of the findings this run saw; true when one of them fails the run (<paramref name="policy"/>).</summary>
    public static bool Print(IReadOnlyDictionary<string, RunFindings.Seen> found, FindingStore store, RunPolicy policy)
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
                .Select(f => new[] { f.Value.Kind.Name(), f.Value.Hits.ToString(), f.Key,
                    Triage.LabelOf(verdicts[f.Key]) + (policy.Known.Contains(f.Key) ? " (known)" : "") }));
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

        // A finding the store cannot give back (its report lost meanwhile) is counted as failing: nothing cleared it.
        var failing = found.Keys.Where(k => store.Find(k) is not { } r || policy.Fails(r)).ToHashSet();
        int Failing(Func<TriageVerdict, bool> which) => failing.Count(k => which(verdicts[k]));
        var reasons = new (int Count, string What)[]
        {
            (Failing(v => v.IsThreadSafety()), "thread-safety"), (Failing(v => v == TriageVerdict.Untriaged), "not triaged"),
            (Failing(v => v == TriageVerdict.NotReproduced), "not reproduced"), (Failing(v => v == TriageVerdict.FailsOnOneThread), "failing on one thread"),
        }.Where(r => r.Count > 0).Select(r => $"{r.Count} {r.What}").ToList();
        int known = found.Keys.Count(policy.Known.Contains);
        string uncleared = failing.Any(k => verdicts[k] is TriageVerdict.Untriaged or TriageVerdict.NotReproduced)
            ? "; a finding triage has not cleared counts as a thread-safety one (stampede repro triages it)" : "";
        string apart = misuse > 0 && policy.FailOn != FailOn.Misuse
            ? $"; the {misuse} failing on one thread do not ({FailOnRule.Option} {FailOnRule.Name(FailOn.Misuse)} makes them)" : "";
        string knownNote = known > 0 && policy.FailWhen != FailWhen.Any ? $"; {known} known finding(s) (--known) seen again do not" : "";
        int flaky = found.Keys.Count(k => !failing.Contains(k) && verdicts[k] == TriageVerdict.NotReproduced && !policy.Known.Contains(k));
        string flakyNote = flaky > 0 ? $"; {flaky} that did not reproduce do not ({FailWhenRule.Option} {FailWhenRule.Name(policy.FailWhen)})" : "";
        Console.WriteLine(failing.Count > 0
            ? $"SUMMARY: exit 1: {string.Join(", ", reasons)} finding(s) fail the run{uncleared}{apart}{knownNote}{flakyNote}"
            : $"SUMMARY: exit 0: no {(policy.Known.Count > 0 && policy.FailWhen != FailWhen.Any ? "new " : "")}thread-safety finding{apart}{knownNote}{flakyNote}");
        return failing.Count > 0;
    }

    static int Count(Dictionary<string, TriageVerdict> verdicts, TriageVerdict verdict) => verdicts.Values.Count(v => v == verdict);
}
