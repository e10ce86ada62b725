using Stampede.Execution.Coverage;

namespace Stampede.Campaigns.Engines;

/// <summary>What only the AFL++ engine takes: the signals that guide it, its working directory (null: build/afl/&lt;harness&gt;
/// of the repository), and the repetitions per input (null: <see cref="Afl.AflCampaignOptions.DefaultRepetitions"/>, few,
/// since AFL++ wants many inputs a second).</summary>
public sealed record AflSettings(FeedbackSignals Feedback = FeedbackSignals.All, string? Directory = null, int? Repetitions = null);
