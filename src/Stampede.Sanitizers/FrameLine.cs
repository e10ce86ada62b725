using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Sanitizers;

/// <summary>
/// Reads one stack frame line. The forms seen (sanitizer_common's <c>stack_trace_format</c>: ThreadSanitizer's default is
/// <c>#%n %f %S %M</c>, AddressSanitizer's <c>#%n %p in %f %L</c>; Stampede runs ThreadSanitizer with
/// <c>#%n %p %f %S %M</c> so that JIT frames carry their address):
/// <code>
///     #0 0x7f72457042fc tk_format_duration native/samples/textkit/textkit.c:28:28 (libtextkit.so+0x12fb) (BuildId: 0592..)
///     #1 0x7f71c5ecefc8 &lt;null&gt; &lt;null&gt; (memfd:doublemapper (deleted)+0x16ffc7)
///     #0 tk_char_class native/samples/textkit/textkit.c (libtextkit.so+0x15e5)
///     #1 0x7f0c66298f45 in kv_get native/samples/kvstore/kvstore.c:112:5
///     #0 0x7f0c68b097b6 in free (/usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.asan-x86_64.so+0x1097b6) (BuildId: 93aa..)
///     #2 0x7f0be72d3901  (/memfd:doublemapper (deleted)+0x174901)
/// </code>
/// The module part is read from the end, matching parentheses, because a module name may hold some
/// (<c>memfd:doublemapper (deleted)</c>). A line that is not a frame gives null; nothing throws.
/// </summary>
public static partial class FrameLine
{
    [GeneratedRegex(@"^\s*#(\d+)\s+(.*)$")]
    private static partial Regex FramePattern();

    [GeneratedRegex(@"^(.+?):(\d+)(?::(\d+))?$")]
    private static partial Regex FileLinePattern();

    [GeneratedRegex(@"^(.*)\+0x([0-9a-fA-F]+)$")]
    private static partial Regex ModuleOffsetPattern();

    /// <summary>Whether the line is a frame (<c>#N ...</c> after optional indentation).</summary>
    public static bool IsFrame(string line) => FramePattern().IsMatch(line);

    public static SanitizerFrame? Parse(string line)
    {
        var match = FramePattern().Match(line);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            return null;
        string rest = match.Groups[2].Value.TrimEnd();

        ulong? address = null;
        if (rest.StartsWith("0x", StringComparison.Ordinal))
        {
            int end = rest.IndexOf(' ');
            string hex = end < 0 ? rest[2..] : rest[2..end];
            if (ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong a))
            {
                address = a;
                rest = end < 0 ? "" : rest[(end + 1)..];
            }
        }
        rest = rest.Trim();
        if (rest.StartsWith("in ", StringComparison.Ordinal)) rest = rest[3..].TrimStart();

        // Trailing "(BuildId: ...)", then "(module+0xoffset)".
        string? module = null;
        ulong? moduleOffset = null;
        if (TakeTrailingGroup(ref rest) is { } group)
        {
            if (group.StartsWith("BuildId:", StringComparison.Ordinal))
                group = TakeTrailingGroup(ref rest) ?? "";
            var m = ModuleOffsetPattern().Match(group);
            if (m.Success && ulong.TryParse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong offset))
            {
                module = m.Groups[1].Value;
                moduleOffset = offset;
            }
            else if (group.Length > 0)
                module = group; // "(<unknown module>)" or a module without offset
        }
        if (module is "<unknown module>") module = null;

        // What is left: "function location", "function", "<null> <null>", or nothing.
        string? function = null, file = null;
        int? lineNumber = null, column = null;
        if (rest.Length > 0)
        {
            int space = rest.LastIndexOf(' ');
            string last = space < 0 ? rest : rest[(space + 1)..];
            string head = space < 0 ? "" : rest[..space].TrimEnd();
            var fileLine = FileLinePattern().Match(last);
            if (space >= 0 && last == "<null>")
                function = head;
            else if (space >= 0 && fileLine.Success && LooksLikeFile(fileLine.Groups[1].Value))
            {
                function = head;
                file = fileLine.Groups[1].Value;
                lineNumber = int.TryParse(fileLine.Groups[2].Value, CultureInfo.InvariantCulture, out int l) ? l : null;
                column = fileLine.Groups[3].Success && int.TryParse(fileLine.Groups[3].Value, CultureInfo.InvariantCulture, out int c) ? c : null;
            }
            else if (space >= 0 && LooksLikeFile(last))
            {
                function = head;
                file = last;
            }
            else
                function = rest;
        }
        // A symbolizer's unknown ("??", "??:0:0" glued on when no space was left) is no function, and no file.
        if (function is "<null>" || UnknownSymbol.OrNull(function) is null) function = null;
        if (UnknownSymbol.Is(file)) (file, lineNumber, column) = (null, null, null);
        return new SanitizerFrame(number, address, function, file, lineNumber, column, module, moduleOffset);
    }

    static bool LooksLikeFile(string text) =>
        text.Contains('/') || text.EndsWith(".c", StringComparison.Ordinal) || text.EndsWith(".h", StringComparison.Ordinal) ||
        text.EndsWith(".cc", StringComparison.Ordinal) || text.EndsWith(".cpp", StringComparison.Ordinal) ||
        text.EndsWith(".cxx", StringComparison.Ordinal) || text.EndsWith(".hpp", StringComparison.Ordinal) ||
        text.EndsWith(".inc", StringComparison.Ordinal) || text.EndsWith(".S", StringComparison.Ordinal);

    /// <summary>Removes a trailing "(...)" group (parentheses matched from the end) and returns its inside.</summary>
    static string? TakeTrailingGroup(ref string text)
    {
        if (!text.EndsWith(')')) return null;
        int depth = 0;
        for (int i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == ')') depth++;
            else if (text[i] == '(' && --depth == 0)
            {
                // A function's own parameter list "f(int)" is not a module: a module group stands apart after a space.
                if (i > 0 && text[i - 1] != ' ') return null;
                string inside = text[(i + 1)..^1];
                text = text[..i].TrimEnd();
                return inside;
            }
        }
        return null;
    }
}
