using System.Text.Json.Serialization;

namespace Stampede.Reports;

/// <summary>
/// Where a finding stands in a run, against what was known before it: what CI fails on is <see cref="New"/> (and, by
/// option, <see cref="Flaky"/>); the rest is reported, not failed on.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingStatus>))]
public enum FindingStatus
{
    /// <summary>Not known before: found by this campaign, or (gate) reproduced on the candidate and not on the baseline.</summary>
    [JsonStringEnumMemberName("new")] New,
    /// <summary>Listed in the known-findings baseline (fuzz) or, in a gate, reproduced on both builds.</summary>
    [JsonStringEnumMemberName("still-present")] StillPresent,
    /// <summary>A gate's baseline shows it and its candidate does not.</summary>
    [JsonStringEnumMemberName("fixed")] Fixed,
    /// <summary>Seen once but not reproduced when run again, on either side.</summary>
    [JsonStringEnumMemberName("flaky")] Flaky,
    /// <summary>A corpus program run again that did not fail (repro of a finding that no longer shows).</summary>
    [JsonStringEnumMemberName("passed")] Passed,
}
