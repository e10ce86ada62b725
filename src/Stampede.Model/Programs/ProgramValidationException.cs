namespace Stampede.Model.Programs;

/// <summary>
/// A program that should be valid is not: generation or mutation produced it, so this is a bug in Stampede, caught
/// at the step that made it. Carries the errors and the program's text.
/// </summary>
public sealed class ProgramValidationException(IReadOnlyList<ValidationError> errors, string programText)
    : Exception($"invalid program ({errors.Count} error(s)): {string.Join("; ", errors)}\n{programText}")
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
    public string ProgramText { get; } = programText;
}
