using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;

namespace Stampede.Campaigns.Systematic;

/// <summary>
/// Whether a failure that a schedule build showed is the race a stress finding is keyed by. A crash found by stress mode
/// on the plain build is keyed by what a sanitizer named (<see cref="SanitizerKey"/>: <c>race:kv_store</c>,
/// <c>freed:obj</c>, <c>race:heap@reg_add</c>, <c>race:kv_get∥kv_put</c>, <c>deadlock:ledger_balance∥ledger_post</c>);
/// on the schedule build the same race fails where the heap guard or the scheduler stops it, signed by that place, never
/// by the key. It stands for the key when the schedule interleaved it (at least two program threads inside calls when it
/// failed, or the heap guard's report naming the thread that freed the block) and those calls meet on the key's state: they take the key's kind of handle, or are its two functions, or
/// include the function that allocated the block it names. A global (<c>race:@status</c>) cannot be told from the calls:
/// any two calls in flight stand for it. A deadlock stands for a lock-order key when its blocked calls are the key's.
/// </summary>
public static class ScheduledRace
{
    /// <summary>Whether <paramref name="found"/> (on a schedule build) is the race <paramref name="key"/> names.</summary>
    public static bool StandsFor(CampaignFinding found, string key, ApiShape api)
    {
        if (found.Shows(key)) return true;
        if (!SanitizerKey.IsTwoSided(key)) return false;
        int colon = key.IndexOf(':');
        string kind = key[..colon], state = key[(colon + 1)..];
        if (kind == SanitizerKey.Deadlock)
            return found.Kind == FindingKind.Hang && HangFunctions(found.Signature).SetEquals(state.Split(SanitizerKey.Parallel));
        if (found.Kind != FindingKind.Crash || found.Crash is not { } crash) return false;
        var inCalls = crash.Threads.Where(t => t.State == ThreadActivity.InCall && t.Function is not null).ToArray();
        // The heap guard names the thread that freed the block: the other side of a use after free, even when it has
        // returned from the call that freed it.
        var freer = HeapGuardReport.FreeingThread(crash.StandardErrorTail) is { } t && t != crash.CrashingThread ? t : (int?)null;
        if (inCalls.Select(t => t.Thread).Distinct().Count() + (freer is { } f && inCalls.All(c => c.Thread != f) ? 1 : 0) < 2) return false;
        var functions = inCalls.Select(t => t.Function!).ToHashSet(StringComparer.Ordinal);
        if (state.Contains(SanitizerKey.Parallel, StringComparison.Ordinal))
            return state.Split(SanitizerKey.Parallel).All(functions.Contains);
        if (state.StartsWith(SanitizerKey.Heap, StringComparison.Ordinal)) return functions.Contains(state[SanitizerKey.Heap.Length..]);
        if (state.StartsWith('@')) return true;
        var handles = state.Split(',');
        int meeting = inCalls.Count(t => api.HandlesTaken(t.Function!).Intersect(handles).Any());
        return meeting >= 2 || (meeting == 1 && freer is not null);
    }

    /// <summary>"hang:ledger_balance,ledger_post" → the functions its blocked threads were in.</summary>
    static HashSet<string> HangFunctions(string signature) =>
        signature[(signature.IndexOf(':') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
