using Stampede.Model;
using Stampede.Sanitizers;

namespace Stampede.Oracles.Process;

/// <summary>Signs a hung worker by the functions its stuck threads were in (between calls only when none was in one);
/// when every program thread had finished, by where its other threads were stuck (<see cref="HangSignatures.Place"/>).
/// When the stuck threads' locks are known (<see cref="ThreadPlace.WaitsFor"/>) and some of them wait round a cycle,
/// the hang is that deadlock: keyed by the functions of the cycle's threads as ThreadSanitizer keys a lock-order
/// inversion (<c>deadlock:ledger_balance∥ledger_post</c>, <see cref="SanitizerKey"/>), whatever other threads queued
/// behind it and however many threads took part; the place of the hang is kept as its signature (the variant).</summary>
public static class HangOracle
{
    /// <summary>What a signature names for a thread that was in no call.</summary>
    public const string BetweenCalls = "(between calls)";

    /// <summary>A hang's signature from the functions its stuck threads were in (null: in no call): the same for a hung
    /// worker and for a deadlock the scheduling runtime saw, so both are one finding. Signed by the calls that did not
    /// return: a thread between calls was only waiting for them (at the next repetition's barrier), and where it waited
    /// varies from run to run, so naming it split one hang into several findings and kept a one-thread rerun of the
    /// stuck call from matching. Between calls only when no thread was in a call.</summary>
    public static string Signature(IEnumerable<string?> functions)
    {
        string[] inCalls = [.. functions.OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        return FindingKind.Hang.Name() + ":" + (inCalls.Length > 0 ? string.Join(",", inCalls) : BetweenCalls);
    }

    public static ProcessVerdict Judge(HangEvidence hang, IReadOnlyList<string> apiFunctions)
    {
        string kind = FindingKind.Hang.Name();
        var stuck = hang.Threads.Where(s => hang.Unfinished.Contains(s.Thread)).ToArray();
        if (stuck.Length == 0)
        {
            string? place = HangSignatures.Place(hang.Others, apiFunctions);
            return new ProcessVerdict(FindingKind.Hang, kind + ":(after the threads finished)" + (place is null ? "" : ":" + place),
                "the worker stopped making progress after every program thread had finished (in teardown or a reference run)" +
                (place == "allocator" ? "; a thread is stuck in the allocator, which points to a corrupted heap" :
                 place is not null ? $"; a thread is stuck in {place}" : ""));
        }
        var cycle = Cycle(stuck);
        return new ProcessVerdict(FindingKind.Hang, Signature(stuck.Select(s => s.Function)),
            $"threads {string.Join(", ", stuck.Select(s => $"t{s.Thread} in {s.Function ?? s.State.Text()}"))} did not finish" +
            (cycle.Count > 0 ? $"; deadlock: {string.Join(", ", cycle.Select(s => $"t{s.Thread} waits for t{s.WaitsFor}"))}" : ""),
            Key: cycle.Count > 0 ? SanitizerKey.Pair(SanitizerKey.Deadlock, cycle.Select(s => s.Function!).Distinct()) : null);
    }

    /// <summary>The stuck threads on a cycle of lock waits, each inside a call (a cycle through a thread between calls is
    /// not the library's); empty when there is none or the locks are not known.</summary>
    static IReadOnlyList<ThreadPlace> Cycle(IReadOnlyList<ThreadPlace> stuck)
    {
        var members = WaitCycle.Members(stuck.Where(s => s.WaitsFor is not null).ToDictionary(s => s.Thread, s => s.WaitsFor!.Value));
        var cycle = stuck.Where(s => members.Contains(s.Thread)).ToArray();
        return cycle.All(s => s.Function is not null) ? cycle : [];
    }
}
