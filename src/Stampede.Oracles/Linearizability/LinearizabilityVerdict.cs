using Stampede.Execution.Observations;

namespace Stampede.Oracles.Linearizability;

/// <summary>The outcome of a linearizability check, with the number of reference runs it took.</summary>
public abstract record LinearizabilityVerdict(int ReferenceRuns)
{
    /// <summary>Some sequential order explains every result; <see cref="Order"/> is one.</summary>
    public sealed record Linearizable(IReadOnlyList<CallId> Order, int ReferenceRuns) : LinearizabilityVerdict(ReferenceRuns);

    /// <summary>
    /// No order explains the results. <see cref="Witness"/> is the longest order prefix that explained everything
    /// before <see cref="Culprit"/>, the call no admissible order could explain: its observed result and the
    /// result the reference gave at that point. <see cref="Functions"/> are the functions of every call that stopped
    /// some order, sorted: the finding's signature.
    /// </summary>
    public sealed record NotLinearizable(
        IReadOnlyList<CallId> Witness, CallObservation Culprit, string Expected,
        IReadOnlyList<string> Functions, int ReferenceRuns) : LinearizabilityVerdict(ReferenceRuns);

    /// <summary>The search ran out of its budget of reference runs: no verdict, and so no finding.</summary>
    public sealed record Undecided(int ReferenceRuns) : LinearizabilityVerdict(ReferenceRuns);
}
