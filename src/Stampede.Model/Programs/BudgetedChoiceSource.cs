namespace Stampede.Model.Programs;

/// <summary>
/// Passes another source's choices through while they fit in <paramref name="budget"/> bytes, counted in the widths
/// <see cref="ByteChoiceSource"/> reads them in, and answers 0 after: what a byte source of that length answers. So a
/// random program cut to a fixed number of bytes is exactly the program those bytes decode to.
/// </summary>
public sealed class BudgetedChoiceSource(IChoiceSource inner, int budget) : IChoiceSource
{
    int used;

    public int Choose(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count == 1) return 0;
        return Spend(ByteChoiceSource.WidthOf(count)) ? inner.Choose(count) : 0;
    }

    public long Bits64() => Spend(8) ? inner.Bits64() : 0;

    bool Spend(int width)
    {
        used += width;
        return used <= budget;
    }
}
