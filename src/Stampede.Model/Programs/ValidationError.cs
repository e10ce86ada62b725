namespace Stampede.Model.Programs;

/// <summary>
/// A rule a program breaks. <see cref="Site"/> is the call (null for the program as a whole) and
/// <see cref="Argument"/> the zero-based argument, when the error is about one; the text parser turns both into a
/// line and column.
/// </summary>
public sealed record ValidationError(CallSite? Site, int? Argument, string Message)
{
    public override string ToString() => Site is { } s ? $"{s}: {Message}" : Message;
}
