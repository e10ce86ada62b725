using Stampede.Sanitizers;
using Stampede.Campaigns;
using Stampede.Model;

namespace Stampede.Benchmarks.Engine;

/// <summary>How one finding counts against the ground truth.</summary>
/// <param name="Groups">The race groups it detects (usually one; a signature naming functions of two groups counts for both).</param>
/// <param name="Functions">The library's exported functions the finding points at.</param>
/// <param name="FalsePositive">It points only at mt-safe functions (the negative controls).</param>
public sealed record FindingVerdict(IReadOnlyList<RaceGroup> Groups, IReadOnlyList<string> Functions, bool FalsePositive);

/// <summary>
/// Decides which seeded bug a campaign finding detects. The rule, also written in docs/benchmarks.md:
/// <list type="number">
/// <item>The functions a finding points at: for an oracle finding (<c>not-linearizable:f,g</c>, <c>isolation:f</c>) and a
/// hang (<c>hang:f,g</c>), the functions its signature names. A crash signature names the innermost native frames,
/// which are often static helpers (<c>crash:SIGSEGV:table_find&lt;table_unset</c>), so for a crash they are the
/// exported functions among those frames plus the API call the crashing thread was in (from the call board, carried
/// in the finding's evidence); when the crashing thread is unknown, every call in flight. A crash keyed by its cause
/// (<c>race:obj_retain∥obj_release</c>, named by a sanitizer build) points at the functions of its key as well.</item>
/// <item>A group is detected when the finding points at one of its functions and the kind fits its failure:
/// crash ↔ crash, deadlock ↔ hang, wrong-result ↔ not-linearizable or isolation. A wrong-result group may also show
/// as a crash (a torn table, a corrupted heap); that counts, and the table says so.</item>
/// <item>A finding that detects no group and points only at mt-safe functions is a false positive.</item>
/// </list>
/// </summary>
public sealed class FindingMatcher(Contracts contracts, string library)
{
    public FindingVerdict Judge(CampaignFinding finding)
    {
        var functions = PointedAt(finding).Where(f => contracts.ContractOf(library, f) is not null).Distinct().Order().ToArray();
        var groups = contracts.GroupsOf(library)
            .Where(g => g.Functions.Intersect(functions).Any() && KindFits(g, finding.Kind.Name()))
            .ToArray();
        bool falsePositive = groups.Length == 0 && functions.Length > 0
                             && functions.All(f => contracts.ContractOf(library, f) == "mt-safe");
        return new FindingVerdict(groups, functions, falsePositive);
    }

    public static bool KindFits(RaceGroup group, string kind) => group.Failure switch
    {
        "crash" => kind == "crash",
        "deadlock" => kind == "hang",
        "wrong-result" => kind is "not-linearizable" or "isolation" or "crash",
        _ => false,
    };

    IEnumerable<string> PointedAt(CampaignFinding finding)
    {
        // A sanitizer's report — the finding's own, or the one that named a plain crash's cause — points at the API
        // functions of its sides (its key may name the state instead: race:kv_store).
        var sides = (finding.Sanitizer ?? finding.NamedBy) is { } report
            ? report.Accesses.Select(a => a.Stack).Concat(report.Locks.Select(l => l.Stack)).Concat(report.Free is { } free ? [free.Frames] : [])
                .Select(stack => SanitizerKey.ApiFunction(stack, $"lib{library}.so")).OfType<string>().ToArray()
            : [];
        string[] parts = finding.Signature.Split(':');
        if (finding.Kind != FindingKind.Crash) return sides.Concat(parts.Length > 1 ? parts[^1].Split([',', '∥']) : []);
        var frames = finding.Variant is not null ? sides : parts.Length > 2 ? parts[2].Split('<') : [];
        var places = finding.Crash?.Threads ?? [];
        var crashing = finding.Crash?.CrashingThread is { } t ? places.Where(p => p.Thread == t) : places;
        return frames.Concat(crashing.Select(p => p.Function).OfType<string>());
    }
}
