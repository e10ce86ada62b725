namespace Stampede.Findings;

/// <summary>
/// What re-running a finding's program taught about it; null fields were not measured. Attached after the finding
/// was recorded (<see cref="FindingStore.SetTriage"/>), because triage costs many runs.
/// </summary>
/// <param name="SingleThreaded">The failure also happens with all calls on one thread, in program order.</param>
/// <param name="UnderGlobalLock">The failure also happens with every native call serialized by one global lock.</param>
/// <param name="Rate">How often it reproduced over the re-runs of the unchanged program.</param>
public sealed record Triage(bool? SingleThreaded, bool? UnderGlobalLock, ReproductionRate? Rate)
{
    public const string NotReproduced = "did not reproduce when run again";
    public const string OrdinaryBug = "ordinary bug (reproduces single-threaded)";
    public const string HiddenByGlobalLock = "thread-safety bug hidden by a global lock";
    public const string SurvivesSerialization = "happens even with calls serialized";
    public const string ConcurrencyBug = "needs concurrency (not yet checked under a global lock)";
    public const string Untriaged = "not triaged";

    /// <summary>
    /// The one-phrase verdict reports lead with. A failure that reproduces on one thread is not a thread-safety bug
    /// whatever else holds, so that test comes first; one that vanishes under a global lock is exactly what a GIL hid.
    /// </summary>
    public string Label => this switch
    {
        { Rate.Reproduced: 0 } => NotReproduced,
        { SingleThreaded: true } => OrdinaryBug,
        { UnderGlobalLock: false } => HiddenByGlobalLock,
        { UnderGlobalLock: true } => SurvivesSerialization,
        { SingleThreaded: false } => ConcurrencyBug,
        _ => Untriaged,
    };
}
