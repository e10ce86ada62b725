namespace Stampede.Findings;

/// <summary>The kinds of finding the oracles report; a signature starts with its kind and a colon.</summary>
public static class FindingKinds
{
    public const string Crash = "crash";
    public const string Hang = "hang";
    public const string NotLinearizable = "not-linearizable";
    public const string Isolation = "isolation";
    public const string Invariant = "invariant";
    public const string Sanitizer = "sanitizer";
}
