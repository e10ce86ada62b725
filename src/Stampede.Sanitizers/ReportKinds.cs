namespace Stampede.Sanitizers;

/// <summary>
/// The tools and the report kinds the parser names. A kind is the sanitizer's own words, lower-cased and hyphenated
/// (<c>data race</c> → <c>data-race</c>, <c>attempting double-free</c> → <c>double-free</c>, <c>SEGV on unknown
/// address</c> → <c>segv</c>); the constants are the ones Stampede acts on, others pass through as they are.
/// </summary>
public static class ReportKinds
{
    public const string Thread = "thread";
    public const string Address = "address";
    public const string Undefined = "undefined";
    public const string Memory = "memory";
    public const string Leak = "leak";

    public const string DataRace = "data-race";
    public const string HeapUseAfterFree = "heap-use-after-free";
    public const string DoubleFree = "double-free";
    public const string UseOfUninitializedValue = "use-of-uninitialized-value";
    public const string LockOrderInversion = "lock-order-inversion";
    public const string UndefinedBehavior = "undefined-behavior";
    public const string Segv = "segv";

    /// <summary>The tool for a sanitizer's name as printed (<c>ThreadSanitizer</c> → <c>thread</c>).</summary>
    public static string ToolOf(string name) => name switch
    {
        "ThreadSanitizer" => Thread,
        "AddressSanitizer" => Address,
        "UndefinedBehaviorSanitizer" => Undefined,
        "MemorySanitizer" => Memory,
        "LeakSanitizer" => Leak,
        _ => name.EndsWith("Sanitizer", StringComparison.Ordinal) ? name[..^"Sanitizer".Length].ToLowerInvariant() : name.ToLowerInvariant(),
    };

    /// <summary>The kind for a report's headline after the tool's name: <c>data race (pid=1)</c> → <c>data-race</c>.</summary>
    public static string KindOf(string headline)
    {
        string text = headline.Trim();
        if (text.StartsWith("attempting ", StringComparison.Ordinal)) text = text["attempting ".Length..];
        if (text.StartsWith("lock-order-inversion", StringComparison.Ordinal)) return LockOrderInversion;
        foreach (string end in new[] { " (", " on ", " at ", ":" })
        {
            int at = text.IndexOf(end, StringComparison.Ordinal);
            if (at > 0) text = text[..at];
        }
        text = text.Trim().ToLowerInvariant().Replace(' ', '-');
        return text.Length == 0 ? "unknown" : text;
    }
}
