using Stampede.Findings;

namespace Stampede.Reports;

/// <summary>
/// One finding as a run reports it: the corpus's record of it, where it stands (<see cref="Status"/>), whether it fails
/// the run, and how often it came back on each build when the run measured that.
/// </summary>
/// <param name="Recorded">The finding as the corpus holds it (its report, triage, minimized program, stacks, timeline).</param>
/// <param name="ReproduceCommand">The command that runs it again, with the finding's directory filled in.</param>
/// <param name="Fails">True when this finding alone makes the run exit 1 under the run's policy.</param>
/// <param name="Candidate">Reproductions on the build under test (a gate's candidate, a repro's library); null when not run again.</param>
/// <param name="Baseline">Reproductions on a gate's baseline build; null outside a gate.</param>
public sealed record ReportedFinding(
    RecordedFinding Recorded,
    FindingStatus Status,
    bool Fails,
    string ReproduceCommand,
    ReproductionRate? Candidate = null,
    ReproductionRate? Baseline = null)
{
    public string Signature => Recorded.Finding.Signature;
}
