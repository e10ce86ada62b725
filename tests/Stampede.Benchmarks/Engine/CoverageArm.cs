using Stampede.Execution.Coverage;

namespace Stampede.Benchmarks.Engine;

/// <summary>One engine setting the coverage part compares: the random engine (<see cref="Feedback"/> null), or AFL++ guided
/// by the given signals.</summary>
public sealed record CoverageArm(string Name, FeedbackSignals? Feedback)
{
    public static IReadOnlyList<CoverageArm> All { get; } =
    [
        new("random generation", null),
        new("AFL++, managed coverage only", FeedbackSignals.Managed),
        new("AFL++, native", FeedbackSignals.Native),
        new("AFL++, native + interleaving", FeedbackSignals.Native | FeedbackSignals.Interleaving),
        new("AFL++, managed + native + interleaving", FeedbackSignals.All),
    ];
}

/// <summary>One campaign of one arm: when it detected the guarded bug (null: not within the budget), how many programs
/// or inputs it ran, and how long it ran.</summary>
public sealed record CoverageRun(CoverageArm Arm, int Seed, double? Seconds, long Executions, double WallSeconds, string? Signature)
{
    public double ExecutionsPerSecond => WallSeconds > 0 ? Executions / WallSeconds : 0;
}
