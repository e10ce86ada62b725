using Stampede.Model.Api;
using System.Globalization;
using System.Text;

namespace Stampede.Model.Programs;

/// <summary>
/// Reads the text form line by line. Blank lines and lines starting with <c>#</c> (after the header) are skipped;
/// calls belong to the <c>setup:</c> or <c>thread N:</c> line above them, whatever their indentation. Every
/// error names the line and column where reading stopped.
/// </summary>
internal sealed class ProgramParser(string text, string? file)
{
    private readonly SourcePlaces _places = new();
    private int _lineNumber;

    public (ConcurrentProgram Program, SourcePlaces Places) Parse()
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines[0].TrimEnd() != ProgramText.Header)
        {
            _lineNumber = 1;
            throw Error(1, lines[0].StartsWith("# stampede program v", StringComparison.Ordinal)
                ? $"unsupported format '{lines[0].Trim()}': this version reads '{ProgramText.Header}'"
                : $"a program starts with '{ProgramText.Header}'");
        }
        string? library = null;
        bool hammer = false;
        var setup = new List<Call>();
        var threads = new List<List<Call>>();
        List<Call>? section = null;
        for (_lineNumber = 2; _lineNumber <= lines.Length; _lineNumber++)
        {
            var line = lines[_lineNumber - 1];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var column = line.Length - line.TrimStart().Length + 1;
            if (library is null)
            {
                if (!trimmed.StartsWith("library ", StringComparison.Ordinal) || !ApiNames.IsLibraryName(trimmed[8..].Trim()))
                    throw Error(column, "expected 'library NAME' after the header");
                library = trimmed[8..].Trim();
                _places.Library = (_lineNumber, column);
            }
            else if (trimmed == ProgramText.HammerLine)
            {
                if (section is not null || hammer) throw Error(column, $"'{ProgramText.HammerLine}' comes once, right after the library line");
                hammer = true;
            }
            else if (trimmed == "setup:")
            {
                if (section is not null) throw Error(column, "setup: comes once, before the threads");
                section = setup;
            }
            else if (trimmed.StartsWith("thread ", StringComparison.Ordinal) && trimmed.EndsWith(':'))
            {
                var number = trimmed[7..^1].Trim();
                var expected = threads.Count.ToString(CultureInfo.InvariantCulture);
                if (number != expected) throw Error(column, $"expected 'thread {expected}:' (threads are numbered in order from 0), got '{trimmed}'");
                threads.Add(section = []);
            }
            else if (section is null) throw Error(column, "a call belongs under 'setup:' or 'thread N:'");
            else
            {
                var site = new CallSite(section == setup ? null : threads.Count - 1, section.Count);
                section.Add(ParseCall(line, column - 1, site));
            }
        }
        _lineNumber = lines.Length;
        if (library is null) throw Error(1, "expected 'library NAME' after the header");
        var program = new ConcurrentProgram(library, setup, threads.Select(t => new ProgramThread(t)).ToList()) { Hammer = hammer };
        return (program, _places);
    }

    private ProgramTextException Error(int column, string reason) => new(file, _lineNumber, column, reason);

    /// <summary>A name that reads back as an enum member wherever it is written: not a word the grammar gives
    /// another meaning (<c>null</c>, <c>out</c>, <c>nan</c>, <c>inf</c>, a handle <c>rN</c>).</summary>
    internal static bool IsEnumMemberName(string s) =>
        ApiNames.IsName(s) && s is not ("null" or "out" or "nan" or "inf") && !(s.Length >= 2 && s[0] == 'r' && s[1..].All(char.IsAsciiDigit));

    private Call ParseCall(string line, int start, CallSite site)
    {
        var cursor = new Cursor(line, start, this);
        var callColumn = cursor.Column;
        int? result = null;
        var name = cursor.Name("a call or 'rN = call'");
        cursor.SkipSpaces();
        if (cursor.Peek == '=')
        {
            result = HandleNumber(name, callColumn) ?? throw Error(callColumn, $"only a handle rN can be assigned, not '{name}'");
            cursor.Advance();
            cursor.SkipSpaces();
            name = cursor.Name("a function name");
        }
        cursor.SkipSpaces();
        cursor.Expect('(');
        var arguments = new List<Argument>();
        var columns = new List<int>();
        cursor.SkipSpaces();
        if (cursor.Peek == ')') cursor.Advance();
        else
        {
            while (true)
            {
                cursor.SkipSpaces();
                columns.Add(cursor.Column);
                arguments.Add(ParseArgument(cursor));
                cursor.SkipSpaces();
                if (cursor.Peek == ',') { cursor.Advance(); continue; }
                cursor.Expect(')');
                break;
            }
        }
        cursor.SkipSpaces();
        if (!cursor.AtEnd) throw Error(cursor.Column, $"unexpected '{cursor.Peek}' after the call");
        _places.Calls[site] = new CallPlace(_lineNumber, callColumn, columns);
        return new Call(name, arguments, result);
    }

    /// <summary>The number N of a handle name rN, written without leading zeros so that it prints back the same.</summary>
    private int? HandleNumber(string name, int column)
    {
        if (name.Length < 2 || name[0] != 'r' || !name[1..].All(char.IsAsciiDigit)) return null;
        if (name.Length > 2 && name[1] == '0') throw Error(column, $"write handle {name} without leading zeros");
        return int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw Error(column, $"handle number {name} is too large");
    }

    private Argument ParseArgument(Cursor cursor)
    {
        var column = cursor.Column;
        var c = cursor.Peek;
        if (c == '"') return new StringArgument(cursor.QuotedString());
        if (c == 'x' && cursor.PeekAt(1) == '"')
        {
            cursor.Advance();
            var hex = cursor.QuotedString();
            if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
                throw Error(column, "bytes are written x\"...\" with an even number of hex digits");
            return new InputBytesArgument(Convert.FromHexString(hex));
        }
        if (c == '-' || c == '+' || char.IsAsciiDigit(c)) return ParseNumber(cursor);
        var name = cursor.Name("an argument");
        switch (name)
        {
            case "null": return NullArgument.Instance;
            case "nan": return new FloatArgument(double.NaN);
            case "inf": return new FloatArgument(double.PositiveInfinity);
            case "out":
                cursor.SkipSpaces();
                var handleColumn = cursor.Column;
                var handle = cursor.Name("a handle after 'out'");
                return new HandleOutArgument(HandleNumber(handle, handleColumn) ?? throw Error(handleColumn, $"'out' takes a handle rN, not '{handle}'"));
            case "buf" when cursor.Peek == '[':
                cursor.Advance();
                var digits = cursor.While(char.IsAsciiDigit);
                cursor.Expect(']');
                return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                    ? new OutputBufferArgument(size)
                    : throw Error(column, "a buffer is written buf[N] with N a byte count");
        }
        if (HandleNumber(name, column) is { } h) return new HandleArgument(h);
        var members = new List<string> { name };
        while (true)
        {
            var save = cursor.Position;
            cursor.SkipSpaces();
            if (cursor.Peek != '|') { cursor.Position = save; break; }
            cursor.Advance();
            cursor.SkipSpaces();
            members.Add(cursor.Name("an enum member after '|'"));
        }
        return new EnumArgument(members);
    }

    private Argument ParseNumber(Cursor cursor)
    {
        var column = cursor.Column;
        var token = cursor.While(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '+');
        var body = token.TrimStart('-', '+');
        var negative = token.StartsWith('-');
        if (body == "inf") return new FloatArgument(negative ? double.NegativeInfinity : double.PositiveInfinity);
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (ulong.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && token[0] != '+')
                return new IntegerArgument(negative ? -unchecked((long)hex) : unchecked((long)hex));
            throw Error(column, $"'{token}' is not a hexadecimal integer of at most 64 bits");
        }
        if (body.All(char.IsAsciiDigit) && body.Length > 0)
        {
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return new IntegerArgument(value);
            // Unsigned 64-bit values above long.MaxValue keep their bits: 18446744073709551615 is -1.
            if (!negative && ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var big))
                return new IntegerArgument(unchecked((long)big));
            throw Error(column, $"integer {token} does not fit 64 bits");
        }
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d))
            return new FloatArgument(d);
        throw Error(column, $"'{token}' is not a number");
    }

    /// <summary>A position in one line, reporting errors with its column.</summary>
    private sealed class Cursor(string line, int position, ProgramParser parser)
    {
        public int Position { get; set; } = position;
        public int Column => Position + 1;
        public bool AtEnd => Position >= line.Length;
        public char Peek => AtEnd ? '\0' : line[Position];
        public char PeekAt(int offset) => Position + offset < line.Length ? line[Position + offset] : '\0';
        public void Advance() => Position++;

        public void SkipSpaces()
        {
            while (!AtEnd && (line[Position] == ' ' || line[Position] == '\t')) Position++;
        }

        public string While(Func<char, bool> accept)
        {
            var start = Position;
            while (!AtEnd && accept(line[Position])) Position++;
            return line[start..Position];
        }

        public string Name(string expected)
        {
            if (AtEnd || !(char.IsAsciiLetter(Peek) || Peek == '_'))
                throw parser.Error(Column, $"expected {expected}, got {(AtEnd ? "the end of the line" : $"'{Peek}'")}");
            return While(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        }

        public void Expect(char c)
        {
            if (Peek != c) throw parser.Error(Column, $"expected '{c}', got {(AtEnd ? "the end of the line" : $"'{Peek}'")}");
            Position++;
        }

        public string QuotedString()
        {
            var start = Column;
            Expect('"');
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw parser.Error(start, "unterminated string");
                var c = line[Position++];
                if (c == '"') return value.ToString();
                if (c != '\\') { value.Append(c); continue; }
                var escapeColumn = Column - 1;
                var e = AtEnd ? '\0' : line[Position++];
                switch (e)
                {
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'x' when Position + 2 <= line.Length && char.IsAsciiHexDigit(line[Position]) && char.IsAsciiHexDigit(line[Position + 1]):
                        value.Append((char)Convert.ToInt32(line.Substring(Position, 2), 16));
                        Position += 2;
                        break;
                    default: throw parser.Error(escapeColumn, "unknown escape: use \\\" \\\\ \\n \\r \\t or \\xHH");
                }
            }
        }
    }
}

/// <summary>Where each call and argument of a parsed program was written, to put validation errors on their line.</summary>
internal sealed record CallPlace(int Line, int Column, IReadOnlyList<int> ArgumentColumns);

internal sealed class SourcePlaces
{
    public Dictionary<CallSite, CallPlace> Calls { get; } = [];
    public (int Line, int Column) Library { get; set; } = (2, 1);

    /// <summary>The line and column of a call or one of its arguments; errors about the whole program point at the
    /// library line.</summary>
    public (int Line, int Column) Of(CallSite? site, int? argument)
    {
        if (site is not { } s || !Calls.TryGetValue(s, out var place)) return Library;
        return argument is { } a && a < place.ArgumentColumns.Count ? (place.Line, place.ArgumentColumns[a]) : (place.Line, place.Column);
    }
}
