namespace Stampede.Bindgen.Generation;

/// <summary>C names used as C# identifiers: C# keywords are escaped with '@'.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    ];

    public static string Id(string name) => Keywords.Contains(name) ? "@" + name : name;

    // What a generated wrapper's body names besides its parameters: its locals, the types it calls through, and the
    // contextual keywords its casts and declarations use. A C parameter may be called any of these (libxml2's
    // `result`), and would then hide it.
    private static readonly HashSet<string> WrapperNames =
    [
        "native", "interceptor", "slot", "result", "Exports", "Intercepted", "Native", "CallInterception", "BitConverter",
        "var", "nint", "nuint", "System",
    ];

    /// <summary>The C# names of one function's parameters: each C name as <see cref="Id"/> gives it, except a name a
    /// wrapper's body uses itself, which gets trailing underscores until it is distinct from that and from every other
    /// parameter.</summary>
    public static IReadOnlyList<string> Parameters(IReadOnlyList<string> names)
    {
        var taken = names.ToHashSet();
        var ids = new List<string>(names.Count);
        foreach (var name in names)
        {
            var id = name;
            while (WrapperNames.Contains(id) || (id != name && taken.Contains(id))) id += "_";
            taken.Add(id);
            ids.Add(Id(id));
        }
        return ids;
    }

    /// <summary>A C# string literal for a C string literal's body (already restricted to escapes C# shares).</summary>
    public static string StringLiteral(string body) => "\"" + body + "\"";
}
