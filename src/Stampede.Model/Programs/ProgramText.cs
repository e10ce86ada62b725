using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// The versioned text form of programs (see docs/programs.md for the grammar): readable, editable, and exact in
/// both directions: <c>Parse(Print(p)) == p</c>, and printing a parsed printed text gives the same text back.
/// </summary>
public static class ProgramText
{
    public const int FormatVersion = 1;
    public const string Header = "# stampede program v1";

    /// <summary>The line, right after the library's, of a program run by hammering (<see cref="ConcurrentProgram.Hammer"/>).</summary>
    public const string HammerLine = "hammer";

    public static string Print(ConcurrentProgram program) => ProgramPrinter.Print(program);

    /// <summary>Reads the syntax only; throws <see cref="ProgramTextException"/> with the line and column.</summary>
    public static ConcurrentProgram Parse(string text, string? file = null) => new ProgramParser(text, file).Parse().Program;

    /// <summary>Reads and validates against <paramref name="model"/>; the first broken rule is thrown as a
    /// <see cref="ProgramTextException"/> at the line and column of the call or argument that breaks it.</summary>
    public static ConcurrentProgram Parse(string text, ApiModel model, string? file = null)
    {
        var (program, places) = new ProgramParser(text, file).Parse();
        var errors = ProgramValidator.Validate(program, model);
        if (errors.Count == 0) return program;
        var first = errors[0];
        var (line, column) = places.Of(first.Site, first.Argument);
        throw new ProgramTextException(file, line, column, first.Message);
    }
}
