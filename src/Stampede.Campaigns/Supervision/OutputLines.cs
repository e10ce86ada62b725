using Stampede.Execution.Running;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// The lines a worker writes on one of its pipes, read as bytes and decoded with <see cref="Utf8Escapes"/>: what the
/// library prints there need not be UTF-8, and its invalid bytes reach the report as <c>\xNN</c>, not as U+FFFD.
/// </summary>
public static class OutputLines
{
    /// <summary>Each line of <paramref name="stream"/> without its <c>\n</c> (or <c>\r\n</c>), the last one even
    /// without; ends when the stream does, or when it is closed under the reader.</summary>
    public static IEnumerable<string> Of(Stream stream)
    {
        var pending = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = ReadSome(stream, buffer)) > 0)
        {
            int start = 0;
            for (int newline; (newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0; start = newline + 1)
            {
                pending.Write(buffer, start, newline - start);
                yield return Take(pending);
            }
            pending.Write(buffer, start, read - start);
        }
        if (pending.Length > 0) yield return Take(pending);
    }

    static int ReadSome(Stream stream, byte[] buffer)
    {
        try { return stream.Read(buffer); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { return 0; } // the worker was disposed
    }

    static string Take(MemoryStream pending)
    {
        var line = pending.GetBuffer().AsSpan(0, (int)pending.Length);
        if (line.EndsWith("\r"u8)) line = line[..^1];
        string text = Utf8Escapes.Decode(line);
        pending.SetLength(0);
        return text;
    }
}
