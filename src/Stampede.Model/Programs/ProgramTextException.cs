namespace Stampede.Model.Programs;

/// <summary>
/// A program text that cannot be read, or that breaks a validation rule, at <see cref="Line"/> and
/// <see cref="Column"/> (both from 1) of <see cref="File"/> when it is known.
/// </summary>
public sealed class ProgramTextException(string? file, int line, int column, string reason)
    : Exception(file is null ? $"line {line}, column {column}: {reason}" : $"{file}:{line}:{column}: {reason}")
{
    public string? File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    /// <summary>The message without the place.</summary>
    public string Reason { get; } = reason;
}
