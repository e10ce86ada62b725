using Stampede.Findings;

namespace Stampede.Cli.Options;

/// <summary>
/// What <c>--fail-on</c> chooses: which findings of a campaign fail the run (exit code 1). Thread-safety findings
/// always do, and so do findings triage has not cleared (untriaged, or not reproduced when run again): nothing says
/// yet that they are not races. Findings that fail on one thread (a precondition of the API broken, or an ordinary bug)
/// are reported apart and fail the run only with <see cref="Misuse"/>.
/// </summary>
internal enum FailOn { ThreadSafety, Misuse }

internal static class FailOnRule
{
    public const string Option = "--fail-on";

    public static string Name(FailOn value) => value switch { FailOn.Misuse => "misuse", _ => "thread-safety" };

    /// <summary>Whether a finding with <paramref name="verdict"/> fails the run.</summary>
    public static bool Fails(this FailOn failOn, TriageVerdict verdict) =>
        verdict != TriageVerdict.FailsOnOneThread || failOn == FailOn.Misuse;
}
