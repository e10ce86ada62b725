namespace Stampede.Findings;

/// <summary>What triage concluded about a finding (<see cref="Triage.Verdict"/>), and so where reports put it: a finding
/// that fails on one thread is kept apart from thread-safety findings (<see cref="TriageVerdicts.IsThreadSafety"/>).</summary>
public enum TriageVerdict
{
    /// <summary>Nothing measured yet.</summary>
    Untriaged,
    /// <summary>Not shown again by any re-run: too rare to judge, so it is not cleared either.</summary>
    NotReproduced,
    /// <summary>One caller making the same calls hits it: a precondition of the API broken (misuse), or an ordinary bug.</summary>
    FailsOnOneThread,
    /// <summary>Vanishes when every native call is serialized by one global lock: what a GIL hid.</summary>
    HiddenByGlobalLock,
    /// <summary>Needs several threads, but shows even with their calls serialized (an order-dependent result, a
    /// lock-order problem across calls).</summary>
    SurvivesSerialization,
    /// <summary>Needs several threads; the global lock was not tried.</summary>
    NeedsConcurrency,
}

/// <summary>How reports and exit codes read a <see cref="TriageVerdict"/>.</summary>
public static class TriageVerdicts
{
    /// <summary>The verdicts reported as thread-safety findings: needing more than one thread.</summary>
    public static bool IsThreadSafety(this TriageVerdict verdict) =>
        verdict is TriageVerdict.HiddenByGlobalLock or TriageVerdict.SurvivesSerialization or TriageVerdict.NeedsConcurrency;
}
