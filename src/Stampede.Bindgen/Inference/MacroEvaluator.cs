using System.Globalization;

namespace Stampede.Bindgen.Inference;

/// <summary>
/// Evaluates the replacement list of an object-like macro when it is an integer constant expression over
/// literals and already-known constants (<c>(SQLITE_IOERR | (1&lt;&lt;8))</c>), or a string literal.
/// Anything else (casts, calls, other macros) is not a constant for bindings.
/// </summary>
internal sealed class MacroEvaluator(IReadOnlyDictionary<string, long> known)
{
    private IReadOnlyList<string> _tokens = [];
    private int _at;

    public static string? StringLiteral(IReadOnlyList<string> tokens)
    {
        var inner = tokens.Count >= 3 && tokens[0] == "(" && tokens[^1] == ")" ? tokens.Skip(1).SkipLast(1).ToList() : tokens;
        if (inner.Count == 0 || !inner.All(t => t.Length >= 2 && t[0] == '"' && t[^1] == '"')) return null;
        var body = string.Concat(inner.Select(t => t[1..^1]));
        // Only escapes that mean the same in C#; octal and hex escapes differ, so such strings are not bound.
        for (var i = 0; i < body.Length; i++)
            if (body[i] == '\\' && (i + 1 >= body.Length || "\\\"'ntr".IndexOf(body[++i]) < 0)) return null;
        return body;
    }

    public long? Integer(IReadOnlyList<string> tokens)
    {
        _tokens = tokens;
        _at = 0;
        try
        {
            var value = Or();
            return _at == tokens.Count ? value : null;
        }
        catch (FormatException) { return null; }
    }

    private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

    private long Or() { var v = And(); while (Peek == "|") { _at++; v |= And(); } return v; }
    private long And() { var v = Shift(); while (Peek == "&") { _at++; v &= Shift(); } return v; }

    private long Shift()
    {
        var v = Sum();
        while (Peek is "<<" or ">>")
        {
            var left = _tokens[_at++] == "<<";
            var by = (int)Sum();
            v = left ? v << by : v >> by;
        }
        return v;
    }

    private long Sum()
    {
        var v = Unary();
        while (Peek is "+" or "-")
        {
            var plus = _tokens[_at++] == "+";
            v = plus ? v + Unary() : v - Unary();
        }
        return v;
    }

    private long Unary() => Peek switch
    {
        "-" => (_at++, -Unary()).Item2,
        "+" => (_at++, Unary()).Item2,
        "~" => (_at++, ~Unary()).Item2,
        _ => Primary(),
    };

    private long Primary()
    {
        var token = Peek ?? throw new FormatException();
        _at++;
        if (token == "(")
        {
            var v = Or();
            if (Peek != ")") throw new FormatException();
            _at++;
            return v;
        }
        if (known.TryGetValue(token, out var constant)) return constant;
        return Literal(token) ?? throw new FormatException();
    }

    private static long? Literal(string token)
    {
        var digits = token.TrimEnd('u', 'U', 'l', 'L');
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0])) return null;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? unchecked((long)hex) : null;
        if (digits.Length > 1 && digits[0] == '0')
        {
            try { return Convert.ToInt64(digits, 8); }
            catch (FormatException) { return null; }
        }
        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? unchecked((long)dec) : null;
    }
}
