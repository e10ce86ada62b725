using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Classification;

/// <summary>One experiment of <c>classify</c>: <see cref="F"/> on one thread beside <see cref="G"/> on another (the
/// same function for f ∥ f), on handles met as <see cref="Sharing"/> says; <see cref="Mixed"/>: each thread calls both.</summary>
public sealed record ContractExperiment(string F, string G, HandleSharing Sharing, bool Mixed = false)
{
    public override string ToString() => $"{F} ∥ {G} ({Sharing.ToString().ToLowerInvariant()} handles{(Mixed ? ", each thread calling both" : "")})";

    public bool Involves(string function) => F == function || G == function;

    public string Partner(string function) => F == function ? G : F;
}

/// <summary>What one experiment showed: the failure of a run (null when every run passed), and whether that failure
/// came back with the program run on one thread (then it is a precondition or an ordinary bug, not evidence of a race).
/// <see cref="GoneWhenWarm"/>: the race did not show again with the library warmed up first (every function called once
/// before the threads start): it lives in first use.</summary>
public sealed record ExperimentResult(ContractExperiment Experiment, string Program, CampaignFinding? Failure, string? Mode, bool FailsOnOneThread, long Repetitions,
    bool GoneWhenWarm = false)
{
    /// <summary>Whether it is evidence of a race: a failure that needs two threads. Memory growth past the worker's
    /// limit is not (it accumulates over repetitions, whatever the interleaving: a leak).</summary>
    public bool ShowsRace => Failure is { Kind: not FindingKind.OutOfMemory } && !FailsOnOneThread;
}
