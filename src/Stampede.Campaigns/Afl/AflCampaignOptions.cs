using Stampede.Worker.Afl;
using Stampede.Execution.Coverage;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// An AFL++ campaign: how long, how many AFL++ instances (<see cref="Jobs"/>: one -M main, the others -S), the seed
/// of AFL++'s random numbers and of the generated seeds, how inputs decode, how many repetitions each input runs,
/// which <see cref="Feedback"/> signals guide it, and where AFL++ works (<see cref="AflLayout"/>) and the corpus is.
/// </summary>
public sealed record AflCampaignOptions(
    TimeSpan Duration,
    string AflDirectory,
    AflDecoding Decoding,
    int Jobs = 1,
    int Seed = 1,
    int Repetitions = AflCampaignOptions.DefaultRepetitions,
    FeedbackSignals Feedback = FeedbackSignals.All,
    string? CorpusDirectory = null,
    int GeneratedSeeds = 16)
{
    /// <summary>Repetitions per input unless given: few, since AFL++ learns from many inputs a second, not from one
    /// input run long; a race that needs many repetitions to show is for the random engine's 200.</summary>
    public const int DefaultRepetitions = 4;

    /// <summary>A repetition that takes longer is a hang: the target then waits for AFL++'s timeout.</summary>
    public TimeSpan Hang { get; init; } = DefaultHang;

    public static TimeSpan DefaultHang { get; } = TimeSpan.FromSeconds(2);

    public static TimeSpan DefaultBudget { get; } = TimeSpan.FromSeconds(1);

    /// <summary>An input's repetitions stop early once this is spent.</summary>
    public TimeSpan Budget { get; init; } = DefaultBudget;

    /// <summary>AFL++'s timeout per input (<c>-t</c>): a hang, the budget, and a restarted target's start.</summary>
    public TimeSpan AflTimeout => Hang + Budget + TimeSpan.FromSeconds(3);
}
