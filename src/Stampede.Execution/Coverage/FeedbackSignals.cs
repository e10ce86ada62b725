namespace Stampede.Execution.Coverage;

/// <summary>
/// The signals a coverage-guided run feeds into AFL++'s map, each switchable so that their worth can be measured:
/// the edges of the instrumented managed decoder, the native library's edges (SanitizerCoverage counters of its
/// coverage build), and interleavings (pairs of native functions seen running at once on different threads).
/// </summary>
[Flags]
public enum FeedbackSignals
{
    None = 0,
    Managed = 1,
    Native = 2,
    Interleaving = 4,
    All = Managed | Native | Interleaving,
}

/// <summary>The text form of <see cref="FeedbackSignals"/>: names joined by commas or '+', as <c>--feedback</c> takes them.</summary>
public static class FeedbackSignalsText
{
    public static readonly string[] Names = ["managed", "native", "interleaving"];

    /// <exception cref="FormatException">An unknown or empty name; the message lists the valid ones.</exception>
    public static FeedbackSignals Parse(string text)
    {
        var signals = FeedbackSignals.None;
        foreach (string name in text.Split([',', '+'], StringSplitOptions.TrimEntries))
            signals |= name switch
            {
                "managed" => FeedbackSignals.Managed,
                "native" => FeedbackSignals.Native,
                "interleaving" => FeedbackSignals.Interleaving,
                "all" => FeedbackSignals.All,
                _ => throw new FormatException($"'{name}' is not a feedback signal: managed, native, interleaving (combine with commas) or all"),
            };
        return signals;
    }

    public static string Format(FeedbackSignals signals) => signals == FeedbackSignals.None
        ? "none"
        : string.Join(",", Names.Where((_, i) => signals.HasFlag((FeedbackSignals)(1 << i))));
}
