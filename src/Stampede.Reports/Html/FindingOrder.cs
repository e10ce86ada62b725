namespace Stampede.Reports.Html;

/// <summary>
/// The order the page lists findings in, in its summary table and its sections alike: the ones that fail the run
/// first, then by status as <see cref="FindingStatus"/> declares them (new first), then by signature. Each gets its
/// anchor from its place in that order.
/// </summary>
internal static class FindingOrder
{
    public static IReadOnlyList<(ReportedFinding Finding, string Anchor)> Of(IEnumerable<ReportedFinding> findings) =>
        findings.OrderByDescending(f => f.Fails)
            .ThenBy(f => f.Status)
            .ThenBy(f => f.Signature, StringComparer.Ordinal)
            .Select((f, i) => (f, Anchor(i)))
            .ToArray();

    public static string Anchor(int index) => $"finding-{index + 1}";
}
