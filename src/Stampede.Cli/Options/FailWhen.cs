namespace Stampede.Cli.Options;

/// <summary>
/// What <c>--fail-when</c> chooses: which findings of a run may fail it at all, against a known-findings baseline
/// (<c>--known</c>). Within those, <see cref="FailOn"/> still decides by triage (a finding that fails on one thread
/// fails the run only with <c>--fail-on misuse</c>).
/// </summary>
internal enum FailWhen
{
    /// <summary>Every finding, known ones included.</summary>
    Any,
    /// <summary>Findings not in the baseline (without <c>--known</c>, every finding).</summary>
    New,
    /// <summary>New findings that reproduced when triage ran them again: a one-off that did not is reported as flaky.</summary>
    NewReproducible,
}

internal static class FailWhenRule
{
    public const string Option = "--fail-when";

    public static string Name(FailWhen value) => value switch
    {
        FailWhen.Any => "any",
        FailWhen.NewReproducible => "new-reproducible",
        _ => "new",
    };
}
