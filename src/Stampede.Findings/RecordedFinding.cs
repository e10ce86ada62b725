using System.Text.Json.Serialization;

namespace Stampede.Findings;

/// <summary>
/// A finding as the corpus holds it: the first <see cref="Finding"/> of its signature and what was learned since.
/// This record is what report.json stores (plus a schema version).
/// </summary>
/// <param name="Slug">The name of its directory under findings/.</param>
/// <param name="Hits">How many runs showed this signature.</param>
/// <param name="MinimizedProgram">The smallest program known to show it, once minimization ran.</param>
/// <param name="Examples">Further programs with this signature, as paths relative to the finding's directory.</param>
/// <param name="Repaired">Rebuilt from the files of a directory whose report.json was lost; the next hit replaces it.</param>
/// <param name="Variants">The places its hits failed at, with how many hits each, when its signature names the cause
/// (<see cref="Finding.Variant"/>); null when no hit had a place apart from the signature.</param>
/// <param name="MinimizedTimeline">The timeline of a failing run of <paramref name="MinimizedProgram"/>, which reports
/// show beside it; null when minimization kept none (or ran before timelines were kept).</param>
public sealed record RecordedFinding(
    string Slug,
    Finding Finding,
    int Hits,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    Triage? Triage,
    string? MinimizedProgram,
    IReadOnlyList<string> Examples,
    bool Repaired = false,
    IReadOnlyDictionary<string, int>? Variants = null,
    IReadOnlyList<ThreadTimeline>? MinimizedTimeline = null)
{
    /// <summary>The finding's directory; where it was loaded from, never stored in the report (corpora move).</summary>
    [JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>The triage verdict, or "not triaged".</summary>
    [JsonIgnore]
    public string Label => Triage?.Label ?? Findings.Triage.Untriaged;

    /// <summary>What triage concluded, <see cref="TriageVerdict.Untriaged"/> before it ran.</summary>
    [JsonIgnore]
    public TriageVerdict Verdict => Triage?.Verdict ?? TriageVerdict.Untriaged;

    /// <summary>The program reports show: the minimized one when there is one.</summary>
    [JsonIgnore]
    public string ReportedProgram => MinimizedProgram ?? Finding.Program;

    /// <summary>The timeline reports show beside <see cref="ReportedProgram"/>: the minimized program's when there is one.</summary>
    [JsonIgnore]
    public IReadOnlyList<ThreadTimeline> ReportedTimeline => MinimizedTimeline ?? Finding.Timeline;

    /// <summary><see cref="Variants"/> as reports list them: most hits first, then by place; empty when there are none.</summary>
    [JsonIgnore]
    public IReadOnlyList<KeyValuePair<string, int>> VariantsByHits =>
        Variants?.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).ToArray() ?? [];
}
