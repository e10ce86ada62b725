using System.Text.Json;

namespace Stampede.Reports;

/// <summary>The one text form of the reports' enums (<see cref="FindingStatus"/>, <see cref="RunKind"/>): the JSON name
/// declared on each member, so <c>still-present</c> reads the same in summary.json, junit.xml and results.sarif.</summary>
public static class EnumText
{
    public static string Name<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');
}
