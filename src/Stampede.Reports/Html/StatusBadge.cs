using System.Text.Json;

namespace Stampede.Reports.Html;

/// <summary>
/// A finding's <see cref="FindingStatus"/> as the page shows it: a colored label (<c>span class="status
/// status-still-present"</c>) reading as the status's JSON name, declared once on the enum, with spaces for dashes.
/// </summary>
public static class StatusBadge
{
    /// <summary>The status's one text form (<c>still-present</c>), which the page's CSS classes are named after.</summary>
    public static string Name(FindingStatus status) => JsonSerializer.Serialize(status).Trim('"');

    /// <summary>How the page words it: <c>still present</c>.</summary>
    public static string Label(FindingStatus status) => Name(status).Replace('-', ' ');

    public static string CssClass(FindingStatus status) => "status-" + Name(status);

    public static string Render(FindingStatus status) => $"<span class=\"status {CssClass(status)}\">{Label(status)}</span>";
}
