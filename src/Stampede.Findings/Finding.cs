using Stampede.Model;

namespace Stampede.Findings;

/// <summary>
/// One failure the engine observed, as it hands it to the <see cref="FindingStore"/>. Findings with the same
/// <see cref="Signature"/> are the same bug: the store keeps one directory per signature and counts the hits, and the
/// places they failed at (<see cref="Variant"/>).
/// </summary>
/// <param name="Kind">What went wrong: a crash, a hang, a wrong result, a sanitizer report (<see cref="FindingKind"/>).</param>
/// <param name="Signature">The deduplication key, starting with the kind: <c>crash:kv_get&gt;find</c>.</param>
/// <param name="Summary">One line: what went wrong.</param>
/// <param name="Library">The library as api.json names it (libkvstore.so).</param>
/// <param name="Program">The program in its text form, exactly as it ran.</param>
/// <param name="Timeline">Per program thread, its calls with their times: who was inside which call when it failed.</param>
/// <param name="Stacks">Named stacks (<c>t1 in kv_get (crashed)</c>), innermost frame first.</param>
/// <param name="ReproduceCommand">The command line that runs this finding again.</param>
/// <param name="Details">Further facts worth reading: signal, exit code, sanitizer excerpt, seed, repetition.</param>
/// <param name="Variant">Where this hit failed, when the signature names its cause rather than the place: a race keyed
/// <c>race:kv_store</c> crashes in <c>find</c> one time and in glibc's allocator the next.</param>
public sealed record Finding(
    FindingKind Kind,
    string Signature,
    string Summary,
    string Library,
    string Program,
    IReadOnlyList<ThreadTimeline> Timeline,
    IReadOnlyList<Stack> Stacks,
    string ReproduceCommand,
    IReadOnlyDictionary<string, string>? Details,
    string? Variant = null);
