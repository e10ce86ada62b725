using Stampede.Model;

namespace Stampede.Oracles.Process;

/// <summary>Signs a hung worker by the functions its stuck threads were in (between calls only when none was in one);
/// when every program thread had finished, by where its other threads were stuck (<see cref="HangSignatures.Place"/>).</summary>
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
        return new ProcessVerdict(FindingKind.Hang, Signature(stuck.Select(s => s.Function)),
            $"threads {string.Join(", ", stuck.Select(s => $"t{s.Thread} in {s.Function ?? s.State.Text()}"))} did not finish");
    }
}
