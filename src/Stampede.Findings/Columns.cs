using System.Text;

namespace Stampede.Findings;

/// <summary>Aligns rows of cells into columns of plain text, for reports and listings that must read well in a terminal.</summary>
public static class Columns
{
    /// <param name="rows">The first row is the header; every row has the same number of cells.</param>
    /// <param name="rightAligned">Column indexes of numbers, which read better aligned on the right.</param>
    public static string Align(IReadOnlyList<string[]> rows, IReadOnlyCollection<int>? rightAligned = null)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => rightAligned?.Contains(c) == true ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}
