using System.CommandLine;

namespace Stampede.Cli.Options;

/// <summary>How every command line is parsed, in one place for the CLI and its self-fuzz target.</summary>
internal static class ParsingRules
{
    /// <summary>No response files: with them on, any argument starting with <c>@</c> names a file System.CommandLine
    /// reads before parsing, and one that is a directory or unreadable escapes as an exception (found by the
    /// <c>options</c> self-fuzz target). Stampede's commands are short enough to type.</summary>
    public static ParserConfiguration Configuration => new() { ResponseFileTokenReplacer = null };
}
