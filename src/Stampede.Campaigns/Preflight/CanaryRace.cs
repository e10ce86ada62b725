using Stampede.Model;

namespace Stampede.Campaigns.Preflight;

/// <summary>One known race of the canary library (native/samples/canary): the program that shows it (a file of the canary
/// harness's <c>programs/</c>), the kind of failure a campaign reports for it, and the kinds that count as seeing it (a
/// sanitizer reports the race itself, before it crashes, deadlocks or gives a wrong result).</summary>
public sealed record CanaryRace(string Name, string ProgramFile, FindingKind Expected)
{
    /// <summary>A crash (a use after free), a wrong result (a lost update) and a deadlock (a lock-order inversion).</summary>
    public static readonly IReadOnlyList<CanaryRace> All =
    [
        new("crash", "crash.txt", FindingKind.Crash),
        new("wrong result", "wrong-result.txt", FindingKind.NotLinearizable),
        new("deadlock", "deadlock.txt", FindingKind.Hang),
    ];

    /// <summary>The race-free program the preflight measures how many calls run together with.</summary>
    public const string OverlapProgramFile = "overlap.txt";

    public bool SeenAs(FindingKind kind) => kind == Expected || kind == FindingKind.Sanitizer;
}
