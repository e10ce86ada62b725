namespace Stampede.Findings;

/// <summary>
/// The findings that fail on one thread (<see cref="TriageVerdict.FailsOnOneThread"/>: a precondition of the API broken,
/// or an ordinary bug) of one function: reports list them once per function, apart from thread-safety findings, since
/// the several crash sites a misused function shows (a buffer too small here, a garbage pointer there) are one thing
/// to read about. Keyed by the function whose call failed on one thread (<see cref="Triage.FailingCall"/>).
/// </summary>
/// <param name="Function">The function whose call failed.</param>
/// <param name="Variants">Its findings, most hits first.</param>
public sealed record OneThreadFailure(string Function, IReadOnlyList<RecordedFinding> Variants)
{
    /// <summary>The heading reports give these findings, apart from thread-safety ones.</summary>
    public const string Heading = "fails on one thread: a precondition or an ordinary bug";

    public int Hits => Variants.Sum(v => v.Hits);

    /// <summary>The findings of <paramref name="findings"/> that fail on one thread, one entry per function, by name.</summary>
    public static IReadOnlyList<OneThreadFailure> Group(IEnumerable<RecordedFinding> findings) =>
        findings.Where(f => f.Verdict == TriageVerdict.FailsOnOneThread)
            .GroupBy(f => f.Triage?.FailingCall ?? f.Finding.Signature, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OneThreadFailure(g.Key, g.OrderByDescending(f => f.Hits).ThenBy(f => f.Finding.Signature, StringComparer.Ordinal).ToArray()))
            .ToArray();
}
