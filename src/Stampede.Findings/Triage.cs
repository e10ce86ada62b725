using System.Text.Json.Serialization;

namespace Stampede.Findings;

/// <summary>
/// What re-running a finding's program taught about it; null fields were not measured. Attached after the finding
/// was recorded (<see cref="FindingStore.SetTriage"/>), because triage costs many runs. It judges the program the
/// finding reports (the minimized one when there is one).
/// </summary>
/// <param name="SingleThreaded">The failure also happens with all calls on one thread, in program order.</param>
/// <param name="UnderGlobalLock">The failure also happens with every native call serialized by one global lock.</param>
/// <param name="Rate">How often it reproduced over the re-runs of the unchanged program.</param>
/// <param name="FailingCall">When it fails on one thread: the function whose call failed there, the key by which
/// reports list such findings (several crash sites of one function's misuse are one entry).</param>
public sealed record Triage(bool? SingleThreaded, bool? UnderGlobalLock, ReproductionRate? Rate, string? FailingCall = null)
{
    public const string NotReproduced = "did not reproduce when run again";
    public const string OrdinaryBug = "fails on one thread: a precondition or an ordinary bug";
    public const string HiddenByGlobalLock = "thread-safety bug hidden by a global lock";
    public const string SurvivesSerialization = "happens even with calls serialized";
    public const string ConcurrencyBug = "needs concurrency (not yet checked under a global lock)";
    public const string Untriaged = "not triaged";

    /// <summary>
    /// A failure that reproduces on one thread is not a thread-safety bug whatever else holds (triage stops there,
    /// measuring no rate); one that vanishes under a global lock is exactly what a GIL hid.
    /// </summary>
    [JsonIgnore]
    public TriageVerdict Verdict => this switch
    {
        { Rate.Reproduced: 0 } => TriageVerdict.NotReproduced,
        { SingleThreaded: true } => TriageVerdict.FailsOnOneThread,
        { UnderGlobalLock: false } => TriageVerdict.HiddenByGlobalLock,
        { UnderGlobalLock: true } => TriageVerdict.SurvivesSerialization,
        { SingleThreaded: false } => TriageVerdict.NeedsConcurrency,
        _ => TriageVerdict.Untriaged,
    };

    /// <summary>The one-phrase verdict reports lead with.</summary>
    public string Label => LabelOf(Verdict);

    public static string LabelOf(TriageVerdict verdict) => verdict switch
    {
        TriageVerdict.NotReproduced => NotReproduced,
        TriageVerdict.FailsOnOneThread => OrdinaryBug,
        TriageVerdict.HiddenByGlobalLock => HiddenByGlobalLock,
        TriageVerdict.SurvivesSerialization => SurvivesSerialization,
        TriageVerdict.NeedsConcurrency => ConcurrencyBug,
        _ => Untriaged,
    };
}
