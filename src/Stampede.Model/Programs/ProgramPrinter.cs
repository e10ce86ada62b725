using System.Globalization;
using System.Text;

namespace Stampede.Model.Programs;

/// <summary>Writes the canonical text form; <see cref="ProgramParser"/> reads it back.</summary>
internal static class ProgramPrinter
{
    public static string Print(ConcurrentProgram program)
    {
        var text = new StringBuilder();
        text.Append(ProgramText.Header).Append('\n');
        text.Append("library ").Append(program.Library).Append('\n');
        if (program.Hammer) text.Append(ProgramText.HammerLine).Append('\n');
        if (program.Setup.Count > 0)
        {
            text.Append("setup:\n");
            foreach (var call in program.Setup) AppendCall(text, call);
        }
        for (var t = 0; t < program.Threads.Count; t++)
        {
            text.Append("thread ").Append(t.ToString(CultureInfo.InvariantCulture)).Append(":\n");
            foreach (var call in program.Threads[t].Calls) AppendCall(text, call);
        }
        return text.ToString();
    }

    private static void AppendCall(StringBuilder text, Call call)
    {
        text.Append("  ");
        if (call.Result is { } r) text.Append(Handle(r)).Append(" = ");
        text.Append(call.Function).Append('(');
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(Format(call.Arguments[i]));
        }
        text.Append(")\n");
    }

    public static string Handle(int id) => "r" + id.ToString(CultureInfo.InvariantCulture);

    public static string Format(Argument argument) => argument switch
    {
        IntegerArgument n => n.Value.ToString(CultureInfo.InvariantCulture),
        FloatArgument f => FormatFloat(f.Value),
        StringArgument s => Quote(s.Value),
        NullArgument => "null",
        HandleArgument h => Handle(h.Handle),
        HandleOutArgument o => "out " + Handle(o.Handle),
        EnumArgument e => string.Join("|", e.Members),
        OutputBufferArgument b => $"buf[{b.Size.ToString(CultureInfo.InvariantCulture)}]",
        InputBytesArgument x => "x\"" + Convert.ToHexStringLower([.. x.Bytes]) + "\"",
        _ => throw new ArgumentOutOfRangeException(nameof(argument), argument, "unknown argument kind"),
    };

    private static string FormatFloat(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        var s = v.ToString("R", CultureInfo.InvariantCulture);
        // A float keeps a '.' or an exponent so that it never reads back as an integer.
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }

    private static string Quote(string s)
    {
        var text = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ' or '\x7f': text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }
}
