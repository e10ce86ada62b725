using System.Text.Json.Serialization;

namespace Stampede.Reports;

/// <summary>Which command a <see cref="RunReport"/> describes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunKind>))]
public enum RunKind
{
    /// <summary><c>stampede fuzz</c>: a time-boxed campaign.</summary>
    [JsonStringEnumMemberName("campaign")] Campaign,
    /// <summary><c>stampede repro</c>: corpus programs run again.</summary>
    [JsonStringEnumMemberName("repro")] Repro,
    /// <summary><c>stampede gate</c>: a candidate build of a library held against its baseline.</summary>
    [JsonStringEnumMemberName("gate")] Gate,
}
