namespace Stampede.Findings;

/// <summary>
/// A stack as reports list it, one row per frame, except that a run of frames nobody can name (JIT-compiled code, a
/// stripped module) is one row: frame by frame it says nothing. report.md and report.html list the same rows.
/// </summary>
public static class StackRows
{
    /// <summary>The rows of <paramref name="stack"/>, innermost first.</summary>
    public static IReadOnlyList<StackRow> Of(Stack stack)
    {
        var rows = new List<StackRow>();
        for (var i = 0; i < stack.Frames.Count; i++)
        {
            int unnamed = 0;
            while (i + unnamed < stack.Frames.Count && stack.Frames[i + unnamed] is { Function: null, Location: null }) unnamed++;
            if (unnamed > 1)
            {
                rows.Add(new StackRow(i, i + unnamed - 1, null));
                i += unnamed - 1;
            }
            else rows.Add(new StackRow(i, i, stack.Frames[i]));
        }
        return rows;
    }
}

/// <summary>One row of <see cref="StackRows"/>: frame <see cref="First"/> alone, or the frames from <see cref="First"/>
/// to <see cref="Last"/> without a symbol.</summary>
/// <param name="Frame">The frame of a one-frame row; null for a run of unnamed frames.</param>
public sealed record StackRow(int First, int Last, Frame? Frame)
{
    public int Count => Last - First + 1;

    /// <summary>The frame numbers as reports show them: <c>3</c>, or <c>3-7</c> for a run.</summary>
    public string Numbers => First == Last ? First.ToString() : $"{First}-{Last}";

    /// <summary>The line a frame's <see cref="Findings.Frame.Source"/> was read from, when it has one and its location gives it.</summary>
    public int? SourceLine => Frame is { Source: not null } frame && SourceLines.Parse(frame.Location) is var (_, line) ? line : null;
}
