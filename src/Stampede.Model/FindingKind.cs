using System.Text.Json.Serialization;

namespace Stampede.Model;

/// <summary>
/// The kinds of finding, across the pipeline: the oracles give them, workers report them, the corpus stores them and
/// reports show them. Their one text form (report.json, the worker protocol, signatures, the CLI) is the kebab-case
/// name: <c>crash</c>, <c>not-linearizable</c>; a signature starts with it and a colon.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    /// <summary>The worker died (a signal, or glibc's abort on a corrupted heap).</summary>
    [JsonStringEnumMemberName("crash")] Crash,

    /// <summary>Threads did not finish: a deadlock or livelock.</summary>
    [JsonStringEnumMemberName("hang")] Hang,

    /// <summary>The worker's resident memory grew past its limit (<c>--rss-limit-mb</c>, libFuzzer's <c>-rss_limit_mb</c>)
    /// while a program ran; the supervisor killed it.</summary>
    [JsonStringEnumMemberName("oom")] OutOfMemory,

    /// <summary>No sequential order of the same calls gives the results seen.</summary>
    [JsonStringEnumMemberName("not-linearizable")] NotLinearizable,

    /// <summary>A thread saw another thread's data through hidden shared state.</summary>
    [JsonStringEnumMemberName("isolation")] Isolation,

    /// <summary>An invariant the harness supplies did not hold.</summary>
    [JsonStringEnumMemberName("invariant")] Invariant,

    /// <summary>A ThreadSanitizer or AddressSanitizer report about the library.</summary>
    [JsonStringEnumMemberName("sanitizer")] Sanitizer,

    /// <summary>Coyote reported a bug of its own in a systematic run (a replayed trace that no longer fits).</summary>
    [JsonStringEnumMemberName("coyote")] Coyote,
}

/// <summary>The text form of <see cref="FindingKind"/>, for signatures and output lines: its JSON name, declared once
/// on each member above.</summary>
public static class FindingKindText
{
    static readonly Dictionary<FindingKind, string> Names = Enum.GetValues<FindingKind>().ToDictionary(
        kind => kind,
        kind => typeof(FindingKind).GetField(kind.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            .Cast<JsonStringEnumMemberNameAttribute>().Single().Name);

    public static string Name(this FindingKind kind) => Names[kind];

    /// <summary>The kind a text form names, or null.</summary>
    public static FindingKind? Parse(string text) => Names.Where(n => n.Value == text).Select(n => (FindingKind?)n.Key).FirstOrDefault();
}
