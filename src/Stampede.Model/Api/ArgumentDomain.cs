namespace Stampede.Model.Api;

/// <summary>
/// Values worth passing for a parameter: an integer range, a subset of enum members, or strings; and what a call
/// needs of a pointer: <see cref="NotNull"/>, a buffer of at least <see cref="MinSize"/> bytes, or
/// <see cref="Writable"/> (an output buffer, never a string literal). Set from the config, or from the preconditions a
/// harness learned (docs/preconditions.md), which yield to any domain the config gives; absent means "derive from the type".
/// </summary>
public sealed record ArgumentDomain(
    long? Min = null, long? Max = null, IReadOnlyList<string>? EnumMembers = null, IReadOnlyList<string>? Strings = null,
    bool? NotNull = null, int? MinSize = null, bool? Writable = null)
{
    /// <summary>This domain narrowed by <paramref name="other"/>: the tighter bound of each, the requirements of both.</summary>
    public ArgumentDomain Narrow(ArgumentDomain other) => new(
        Tighter(Min, other.Min, Math.Max), Tighter(Max, other.Max, Math.Min),
        EnumMembers ?? other.EnumMembers, Strings ?? other.Strings,
        NotNull == true || other.NotNull == true ? true : null,
        MinSize is { } a && other.MinSize is { } b ? Math.Max(a, b) : MinSize ?? other.MinSize,
        Writable == true || other.Writable == true ? true : null);

    private static long? Tighter(long? a, long? b, Func<long, long, long> pick) => a is { } x && b is { } y ? pick(x, y) : a ?? b;
}
