using Stampede.Execution.Running;
namespace Stampede.Campaigns;

/// <summary>
/// What every engine's campaign shares: how long, how many worker processes or instances (<see cref="Jobs"/>), the
/// most threads a program has, the seed of program generation, where the corpus is, how each program runs
/// (<see cref="Mode"/>), and the time one repetition may take before it counts as hung. <see cref="MaxPrograms"/>
/// bounds a random campaign by count; <see cref="Shard"/> makes it one shard of several.
/// </summary>
public sealed record CampaignOptions(
    TimeSpan Duration,
    int Threads = CampaignOptions.DefaultThreads,
    int Jobs = 1,
    int Seed = 1,
    string? CorpusDirectory = null,
    ProgramMode? Mode = null,
    TimeSpan? Hang = null,
    long? MaxPrograms = null,
    Sharding.Shard? Shard = null)
{
    /// <summary>Which shard of a sharded campaign this is (<see cref="Sharding.Shard"/>); the whole campaign when not sharded.</summary>
    public Sharding.Shard ThisShard => Shard ?? Sharding.Shard.Whole;

    public const int DefaultThreads = 4;

    public ProgramMode RunMode => Mode ?? new ProgramMode.Stress();

    public TimeSpan HangTimeout => Hang ?? StressOptions.DefaultHang;
}
