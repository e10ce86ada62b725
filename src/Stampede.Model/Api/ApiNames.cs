namespace Stampede.Model.Api;

/// <summary>What a name in the API model may be; the program text format reads the same names back.</summary>
public static class ApiNames
{
    /// <summary>A library name as program files write it after <c>library</c>: libkvstore.so, z, libc.so.6.</summary>
    public static bool IsLibraryName(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '+');

    /// <summary>A function or enum member name: a C identifier.</summary>
    public static bool IsName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
