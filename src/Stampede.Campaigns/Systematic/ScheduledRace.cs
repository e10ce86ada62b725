using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;

namespace Stampede.Campaigns.Systematic;

/// <summary>How much of a race key a failure on a schedule build shows (<see cref="ScheduledRace"/>).</summary>
public enum RaceEvidence
{
    /// <summary>Not that race: another kind of failure, or calls that do not meet on the key's state.</summary>
    None,

    /// <summary>The failing call meets on the key's state, and no second thread is seen: the race may have happened
    /// earlier (a lost reference count update frees an object that the same thread then uses), or the failure may be
    /// one thread's own; <see cref="ScheduleSearch"/> tells the two apart by running the program serially.</summary>
    OneSide,

    /// <summary>Two program threads meet on the key's state in the failure.</summary>
    TwoSides,
}

/// <summary>
/// Whether a failure that a schedule build showed is the race a stress finding is keyed by. A crash found by stress mode
/// on the plain build is keyed by what a sanitizer named (<see cref="SanitizerKey"/>: <c>race:kv_store</c>,
/// <c>freed:obj</c>, <c>race:heap@reg_add</c>, <c>race:kv_get∥kv_put</c>, <c>deadlock:ledger_balance∥ledger_post</c>);
/// on the schedule build the same race fails where the heap guard or the scheduler stops it, signed by that place, never
/// by the key. Two sides: at least two program threads took part (inside calls when it failed, or the heap guard naming
/// the thread that freed the block) and their calls meet on the key's state: they take the key's kind of handle, or are
/// its two functions, or include the function that allocated the block it names. A global (<c>race:@status</c>) cannot be
/// told from the calls: any two calls in flight. A deadlock stands for a lock-order key when its blocked calls are the key's.
/// </summary>
public static class ScheduledRace
{
    /// <summary>Whether <paramref name="found"/> (on a schedule build) shows both sides of the race <paramref name="key"/> names.</summary>
    public static bool StandsFor(CampaignFinding found, string key, ApiShape api) => Evidence(found, key, api) == RaceEvidence.TwoSides;

    public static RaceEvidence Evidence(CampaignFinding found, string key, ApiShape api)
    {
        if (found.Shows(key)) return RaceEvidence.TwoSides;
        if (!SanitizerKey.IsTwoSided(key)) return RaceEvidence.None;
        int colon = key.IndexOf(':');
        string kind = key[..colon], state = key[(colon + 1)..];
        if (kind == SanitizerKey.Deadlock)
            return found.Kind == FindingKind.Hang && HangFunctions(found.Signature).SetEquals(state.Split(SanitizerKey.Parallel))
                ? RaceEvidence.TwoSides : RaceEvidence.None;
        if (found.Kind != FindingKind.Crash || found.Crash is not { } crash) return RaceEvidence.None;
        var inCalls = crash.Threads.Where(t => t.State == ThreadActivity.InCall && t.Function is not null).ToArray();
        // The heap guard names the thread that freed the block: the other side of a use after free, even when it has
        // returned from the call that freed it.
        int? freer = HeapGuardReport.FreeingThread(crash.StandardErrorTail) is { } f && f != crash.CrashingThread ? f : null;
        bool Meets(string function) =>
            state.Contains(SanitizerKey.Parallel, StringComparison.Ordinal) ? state.Split(SanitizerKey.Parallel).Contains(function)
            : state.StartsWith(SanitizerKey.Heap, StringComparison.Ordinal) || state.StartsWith('@') || api.HandlesTaken(function).Intersect(state.Split(',')).Any();
        var meeting = inCalls.Where(t => Meets(t.Function!)).ToArray();
        int sides = meeting.Select(t => t.Thread).Distinct().Count() + (freer is { } other && meeting.All(t => t.Thread != other) && meeting.Length > 0 ? 1 : 0);
        if (sides >= 2 && TwoFunctionsMet(state, meeting.Select(t => t.Function!)))
            return RaceEvidence.TwoSides;
        return crash.CrashingThread is { } crashing && meeting.Any(t => t.Thread == crashing) ? RaceEvidence.OneSide : RaceEvidence.None;
    }

    /// <summary>A key of two functions needs both in the failure; one that allocated a block needs that function among
    /// the calls; a handle kind or a global needs nothing more than two calls meeting.</summary>
    static bool TwoFunctionsMet(string state, IEnumerable<string> functions) =>
        state.Contains(SanitizerKey.Parallel, StringComparison.Ordinal) ? state.Split(SanitizerKey.Parallel).All(functions.Contains)
        : !state.StartsWith(SanitizerKey.Heap, StringComparison.Ordinal) || functions.Contains(state[SanitizerKey.Heap.Length..]);

    /// <summary>"hang:ledger_balance,ledger_post" → the functions its blocked threads were in.</summary>
    static HashSet<string> HangFunctions(string signature) =>
        signature[(signature.IndexOf(':') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
