namespace Stampede.Cli.Gating;

/// <summary>What <c>stampede gate</c> was asked to do, each default declared here once.</summary>
internal sealed record GateOptions(
    string HarnessDirectory,
    string Baseline,
    string Candidate,
    TimeSpan Duration,
    string? Corpus,
    int Runs,
    int Repetitions,
    int Threads,
    int Seed,
    int? Programs,
    bool FailOnFlaky,
    bool Preflight,
    TimeSpan Hang,
    TimeSpan LearnBudget,
    ReportOutputs.Chosen Outputs)
{
    /// <summary>ClusterFuzzLite fuzzes a pull request for 10 minutes.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(10);

    public const int DefaultRuns = 5, DefaultRepetitions = 2000;

    /// <summary>A one-sided result is confirmed with this many times the runs on the side that did not show it, so that a
    /// race that is merely rare on the baseline is not blamed on the candidate (nor called fixed by chance).</summary>
    public const int ConfirmationFactor = 3;
}
