using System.Text.RegularExpressions;

namespace Stampede.Bindgen.Inference;

/// <summary>The name-based rules of inference, in one place so docs/bindgen.md can quote them.</summary>
internal static partial class NamingRules
{
    /// <summary>Words that name a destructor: cJSON_Delete, XML_ParserFree, xmlFreeParserCtxt, sqlite3_finalize,
    /// sqlite3_backup_finish, sqlite3_close_v2, and gzclose (a lowercase name glued to its prefix).</summary>
    public static readonly string[] DestructorWords = ["free", "destroy", "close", "delete", "cleanup", "release", "finalize", "finish", "dispose", "unref"];

    /// <summary>Why <paramref name="function"/> is named like a destructor ("name ends in '_close'"), or null: its last
    /// word (<see cref="Words"/>), once a version or direction suffix (_v2, _r) is set aside, is a destructor word, or
    /// ends in one when it is the whole lowercase name (gzclose, fclose); or the capitalized word right after a
    /// lowercase prefix is one (xmlFreeDoc). A destructor word elsewhere names something else
    /// (sqlite3_db_release_memory).</summary>
    public static string? DestructorWord(string function)
    {
        var words = Words(function).ToList();
        var suffix = "";
        while (words.Count > 1 && (words[^1].Length <= 2 || SuffixWord().IsMatch(words[^1])))
        {
            suffix = function[function.LastIndexOf(words[^1], StringComparison.Ordinal)..];
            words.RemoveAt(words.Count - 1);
        }
        var stem = function[..^suffix.Length].TrimEnd('_');
        var last = words[^1];
        if (DestructorWords.FirstOrDefault(d => last.Equals(d, StringComparison.OrdinalIgnoreCase)) is { } word)
            return $"name ends in '{(stem.EndsWith("_" + last, StringComparison.Ordinal) ? "_" + word : last)}{Suffixed(suffix)}'";
        if (words.Count == 1 && last.All(c => !char.IsUpper(c)) && DestructorWords.FirstOrDefault(d => last.Length > d.Length && last.EndsWith(d, StringComparison.Ordinal)) is { } glued)
            return $"name ends in '{glued}{Suffixed(suffix)}'";
        return words.Count > 2 && char.IsUpper(words[1][0]) && !char.IsUpper(words[0][^1])
               && DestructorWords.FirstOrDefault(d => words[1].Equals(d, StringComparison.OrdinalIgnoreCase)) is not null
            ? $"name starts with '{words[1]}' after its prefix"
            : null;
    }

    private static string Suffixed(string suffix) => suffix.Length == 0 ? "" : "_" + suffix.TrimStart('_');

    [GeneratedRegex(@"^v[0-9]+$")]
    private static partial Regex SuffixWord();

    /// <summary>Words that say a returned handle is not new but one that something else holds (an item of a tree, a
    /// database's mutex, a Lua state's thread); matched as a word or as the start or end of a lowercase glued word
    /// (lua_newthread, lua_tothread).</summary>
    public static readonly string[] BorrowWords = ["get", "item", "find", "lookup", "first", "next", "prev", "last", "child", "parent", "root", "handle", "mutex", "thread", "column", "current", "peek"];

    /// <summary>Words that say a call makes what it returns, so the caller owns it whatever else the name says
    /// (cJSON_DetachItemFromArray, cJSON_Duplicate, sqlite3_str_new); matched as whole words only.</summary>
    public static readonly string[] ConstructorWords = ["new", "create", "open", "dup", "copy", "clone", "parse", "detach", "duplicate", "alloc", "init", "make", "read", "load", "build"];

    /// <summary>Last words of a function that fills memory the caller provides (yaml_parser_initialize, deflateInit_,
    /// inflateInit2_, inflateBackInit_); a version digit may follow.</summary>
    public static readonly string[] InitializerWords = ["init", "initialize", "initialise"];

    /// <summary>Why <paramref name="function"/> is named like an initializer of caller-provided memory, or null.</summary>
    public static string? InitializerWord(string function)
    {
        var words = Words(function);
        if (words.Count < 2) return null;
        var last = words[^1].ToLowerInvariant().TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return InitializerWords.Contains(last) ? $"name ends in '{words[^1]}'" : null;
    }

    /// <summary>Words of a call that puts one handle into another (cJSON_AddItemToObject, cJSON_ReplaceItemInArray):
    /// with two handles of one resource, the later one is passed to the first; a returned handle it makes there
    /// (cJSON_AddObjectToObject) is borrowed from it.</summary>
    public static readonly string[] InsertWords = ["add", "insert", "append", "replace", "push", "attach", "set", "prepend"];

    /// <summary>Words of a call that inserts a reference, not the handle itself (cJSON_AddItemReferenceToArray).</summary>
    public static readonly string[] ReferenceWords = ["reference", "ref"];

    /// <summary>Words of a call that may free or detach what a handle holds (cJSON_DeleteItemFromObject,
    /// cJSON_DetachItemViaPointer, cJSON_ReplaceItemInArray), besides the destructor words.</summary>
    public static readonly string[] DropWords = ["detach", "replace", "remove", "pop", "clear", "take"];

    /// <summary>The words of a C name, split at '_' and where case changes: cJSON_GetObjectItem is c, JSON, Get,
    /// Object, Item; sqlite3_db_mutex is sqlite3, db, mutex.</summary>
    public static IReadOnlyList<string> Words(string name) =>
        [.. WordPattern().Matches(name).Select(m => m.Value)];

    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")]
    private static partial Regex WordPattern();

    /// <summary>The first of <paramref name="candidates"/> that is a word of <paramref name="name"/> (any case), or
    /// with <paramref name="glued"/> also the start or end of one of its lowercase words.</summary>
    public static string? WordOf(string name, IEnumerable<string> candidates, bool glued = false)
    {
        var words = Words(name).Select(w => w.ToLowerInvariant()).ToList();
        foreach (var c in candidates)
            if (words.Contains(c) || (glued && words.Any(w => w.Length > c.Length && (w.StartsWith(c, StringComparison.Ordinal) || w.EndsWith(c, StringComparison.Ordinal)))))
                return c;
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

    /// <summary>Integer parameters named like a length, capacity or count (nmemb, num, n, nItems).</summary>
    [GeneratedRegex(@"(len|size|length|count|cap|capacity|bytes|max|nmemb)|^n$|^n[A-Z_]|_n$|^num$|^num_|_num$", RegexOptions.IgnoreCase)]
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
