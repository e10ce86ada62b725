using System.Text;
using System.Text.Unicode;

namespace Stampede.Execution.Running;

/// <summary>
/// Bytes a native library wrote (a returned string, its standard output or error) as text: each byte that is not part
/// of valid UTF-8 is written <c>\xNN</c>, so that different bytes never read the same, as decoding them to U+FFFD
/// would make them.
/// </summary>
public static class Utf8Escapes
{
    /// <summary><paramref name="bytes"/> decoded, with every byte that is not part of valid UTF-8 as <c>\xNN</c>.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length + 16);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out int used) == System.Buffers.OperationStatus.Done) text.Append(rune.ToString());
            else AppendInvalid(text, bytes[..used]);
            bytes = bytes[used..];
        }
        return text.ToString();
    }

    /// <summary>Appends each of <paramref name="invalid"/>, bytes that are not UTF-8, as <c>\xNN</c>.</summary>
    public static void AppendInvalid(StringBuilder text, ReadOnlySpan<byte> invalid)
    {
        foreach (byte b in invalid) text.Append($"\\x{b:x2}");
    }
}
