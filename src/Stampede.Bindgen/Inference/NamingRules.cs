using System.Text.RegularExpressions;

namespace Stampede.Bindgen.Inference;

/// <summary>The name-based rules of inference, in one place so docs/bindgen.md can quote them.</summary>
internal static partial class NamingRules
{
    /// <summary>Destructor names end in one of these words, after '_' or as a capitalized word (cJSON_Delete, XML_ParserFree).</summary>
    public static readonly string[] DestructorWords = ["free", "destroy", "close", "delete", "cleanup", "release"];

    public static string? DestructorWord(string function)
    {
        foreach (var word in DestructorWords)
        {
            var capitalized = char.ToUpperInvariant(word[0]) + word[1..];
            if (function.EndsWith("_" + word, StringComparison.OrdinalIgnoreCase)) return "_" + word;
            if (function.EndsWith(capitalized, StringComparison.Ordinal) && function.Length > word.Length
                && char.IsLower(function[^(word.Length + 1)])) return capitalized;
        }
        return null;
    }

    /// <summary>Functions programs must never call, and why. The config's "neverCall" adds to these.</summary>
    public static readonly IReadOnlyDictionary<string, string> NeverCall = new Dictionary<string, string>
    {
        ["exit"] = "terminates the process", ["_exit"] = "terminates the process", ["_Exit"] = "terminates the process",
        ["quick_exit"] = "terminates the process", ["abort"] = "terminates the process",
        ["longjmp"] = "jumps out of the caller (longjmp)", ["_longjmp"] = "jumps out of the caller (longjmp)",
        ["siglongjmp"] = "jumps out of the caller (longjmp)",
        ["lua_error"] = "raises a Lua error by longjmp: only valid inside a protected call",
        ["luaL_error"] = "raises a Lua error by longjmp: only valid inside a protected call",
        ["luaL_argerror"] = "raises a Lua error by longjmp: only valid inside a protected call",
        ["luaL_typeerror"] = "raises a Lua error by longjmp: only valid inside a protected call",
        ["getchar"] = "reads the terminal", ["gets"] = "reads the terminal", ["getpass"] = "reads the terminal",
        ["system"] = "runs a shell", ["fork"] = "forks the process", ["vfork"] = "forks the process",
        ["raise"] = "signals the process", ["kill"] = "signals processes", ["pause"] = "blocks until a signal",
    };

    /// <summary>Functions whose results differ between runs by design. The config's "nondeterministic" adds to these.</summary>
    public static readonly IReadOnlyDictionary<string, string> Nondeterministic = new Dictionary<string, string>
    {
        ["time"] = "reads the clock", ["clock"] = "reads the clock", ["clock_gettime"] = "reads the clock",
        ["gettimeofday"] = "reads the clock", ["rand"] = "pseudo-random", ["random"] = "pseudo-random",
    };

    /// <summary>Integer parameters named like a length or capacity.</summary>
    [GeneratedRegex(@"(len|size|length|count|cap|capacity|bytes|max)|^n$|^n[A-Z_]|_n$", RegexOptions.IgnoreCase)]
    public static partial Regex LengthName();

    [GeneratedRegex(@"flag", RegexOptions.IgnoreCase)]
    public static partial Regex FlagsName();

    [GeneratedRegex(@"status|result|error|err$|code|^rc$", RegexOptions.IgnoreCase)]
    public static partial Regex StatusTypeName();

    /// <summary>Functions named like they return a quantity, not a status (kv_count, zlibCompileFlags, lua_gettop).</summary>
    [GeneratedRegex(@"count|size|len|version|total|top|refcount|changes|num|class|flags", RegexOptions.IgnoreCase)]
    public static partial Regex QuantityName();

    /// <summary>Whether a declaration name matches a prefix filter; constants match case-insensitively (KV_ for kv_).</summary>
    public static bool MatchesPrefix(string name, IReadOnlyCollection<string> prefixes, bool ignoreCase) =>
        prefixes.Any(p => name.StartsWith(p, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
}
