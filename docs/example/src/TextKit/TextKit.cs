using System.Runtime.InteropServices;
using System.Text;

namespace TextKit;

/// <summary>A .NET wrapper over textkit, a small native text library (native/samples/textkit of the Stampede
/// repository). Its methods are called from many threads by the applications that use it.</summary>
public static partial class Text
{
    const string Library = "textkit";

    /// <summary>Where the native library is; the loader's search path when not set.</summary>
    public static string? LibraryPath { get; set; }

    static Text() =>
        NativeLibrary.SetDllImportResolver(typeof(Text).Assembly, (name, assembly, path) =>
            name == Library && LibraryPath is { } file ? NativeLibrary.Load(file) : IntPtr.Zero);

    /// <summary>"1h 01m 01s" for 3661.</summary>
    public static string FormatDuration(long seconds)
    {
        var buffer = new byte[64];
        int written = tk_format_duration_r(seconds, buffer, (nuint)buffer.Length);
        return written < 0 ? throw new ArgumentOutOfRangeException(nameof(seconds)) : Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
    }

    /// <summary>The integer <paramref name="text"/> spells; a <see cref="FormatException"/> with the library's message when
    /// it spells none.</summary>
    public static long ParseInt(string text)
    {
        if (tk_parse_int(text, out long value) == 0) return value;
        throw new FormatException(Marshal.PtrToStringUTF8(tk_last_error()));
    }

    /// <summary>The tokens of <paramref name="text"/> between any of <paramref name="delimiters"/>.</summary>
    public static IReadOnlyList<string> Tokens(string text, string delimiters)
    {
        var tokens = new List<string>();
        for (var token = tk_next_token(text, delimiters); token != IntPtr.Zero; token = tk_next_token(null, delimiters))
            tokens.Add(Marshal.PtrToStringUTF8(token)!);
        return tokens;
    }

    [LibraryImport(Library)]
    private static partial int tk_format_duration_r(long seconds, [Out] byte[] buffer, nuint length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int tk_parse_int(string text, out long value);

    [LibraryImport(Library)]
    private static partial IntPtr tk_last_error();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr tk_next_token(string? text, string delimiters);
}
