using System.Runtime.InteropServices;

namespace Stampede.Execution.Running;

/// <summary>
/// What one thread's calls observed during a run, as raw values: per call a few 64-bit words (interval, return value,
/// handles written) and a copy of the bytes it returned or wrote (strings, output buffers) made right after the call.
/// Written by its thread with no allocation once it has grown to the run's size; rendered as canonical text
/// (<see cref="PreparedCall.Render"/>) only when someone reads the history. <see cref="Reset"/> reuses it.
/// </summary>
public sealed unsafe class ObservationLog
{
    long[] words = new long[64];
    int[] entries = new int[8]; // per entry, its first word
    byte[] bytes = new byte[256];
    int usedWords, usedBytes;

    /// <summary>Calls recorded since the last reset.</summary>
    public int Count { get; private set; }

    /// <summary>Starts the next entry with <paramref name="size"/> words; returns its first word's index.</summary>
    internal int Begin(int size)
    {
        if (usedWords + size > words.Length) Array.Resize(ref words, Math.Max(words.Length * 2, usedWords + size));
        if (Count == entries.Length) Array.Resize(ref entries, entries.Length * 2);
        int start = usedWords;
        entries[Count++] = start;
        usedWords += size;
        return start;
    }

    internal ref long Word(int index) => ref words[index];

    internal ReadOnlySpan<long> Entry(int entry, int size) => words.AsSpan(entries[entry], size);

    /// <summary>Copies <paramref name="length"/> bytes from native memory; returns where they are kept.</summary>
    internal int Copy(byte* source, int length)
    {
        if (usedBytes + length > bytes.Length) Array.Resize(ref bytes, Math.Max(bytes.Length * 2, usedBytes + length));
        new ReadOnlySpan<byte>(source, length).CopyTo(bytes.AsSpan(usedBytes));
        int at = usedBytes;
        usedBytes += length;
        return at;
    }

    /// <summary>Copies a NUL-terminated string (without the NUL); returns where it is kept and its length.</summary>
    internal (int At, int Length) CopyString(byte* text)
    {
        int length = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text).Length;
        return (Copy(text, length), length);
    }

    internal ReadOnlySpan<byte> Bytes(long at, int length) => bytes.AsSpan((int)at, length);

    /// <summary>Copied bytes to rewrite in place (an out-parameter's addresses replaced by what they mean).</summary>
    internal Span<byte> Writable(int at, int length) => bytes.AsSpan(at, length);

    public void Reset() => usedWords = usedBytes = Count = 0;
}
