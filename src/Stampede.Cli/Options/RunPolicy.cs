using Stampede.Findings;
using Stampede.Reports;

namespace Stampede.Cli.Options;

/// <summary>
/// Which findings of a campaign fail it (exit code 1): by triage (<see cref="FailOn"/>), and against a known-findings
/// baseline (<see cref="FailWhen"/>, <see cref="Known"/>). Declared once so the summary, the exit code and every output
/// of <c>--out</c> agree.
/// </summary>
internal sealed record RunPolicy(FailOn FailOn, FailWhen FailWhen, KnownFindings Known)
{
    public static RunPolicy Default { get; } = new(FailOn.ThreadSafety, FailWhen.New, KnownFindings.None);

    /// <summary>Where a finding stands: known (still present), flaky (triage did not see it again), or new.</summary>
    public FindingStatus StatusOf(RecordedFinding finding) =>
        Known.Contains(finding.Finding.Signature) ? FindingStatus.StillPresent
        : finding.Verdict == TriageVerdict.NotReproduced ? FindingStatus.Flaky
        : FindingStatus.New;

    public bool Fails(RecordedFinding finding) => FailOn.Fails(finding.Verdict) && (FailWhen, StatusOf(finding)) switch
    {
        (FailWhen.Any, _) => true,
        (_, FindingStatus.StillPresent) => false,
        (FailWhen.NewReproducible, FindingStatus.Flaky) => false,
        _ => true,
    };
}
