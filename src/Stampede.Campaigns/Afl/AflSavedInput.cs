namespace Stampede.Campaigns.Afl;

/// <summary>An input AFL++ saved as a crash or a hang, by one instance, <see cref="FoundAfter"/> its start.</summary>
public sealed record AflSavedInput(string File, AflSavedKind Kind, string Instance, TimeSpan? FoundAfter);

/// <summary>Which of AFL++'s output directories an input was saved in: crashes/ or hangs/.</summary>
public enum AflSavedKind { Crash, Hang }

/// <summary>What an AFL++ campaign did: its wall time, the instances' summed stats, and the crashes and hangs saved.</summary>
public sealed record AflCampaignResult(TimeSpan Elapsed, FuzzerStats Stats, IReadOnlyList<AflSavedInput> Saved);
