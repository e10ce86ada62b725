using System.Buffers.Binary;

namespace Stampede.Model.Programs;

/// <summary>
/// Choices read from a byte string, as a coverage-guided fuzzer supplies it: each choice consumes as few bytes as
/// its range needs, and once the bytes run out every choice is 0 (a choice whose bytes are cut off by the end too).
/// Any byte string is a complete answer to every question, which is what makes decoding total.
/// </summary>
public sealed class ByteChoiceSource(ReadOnlyMemory<byte> bytes) : IChoiceSource
{
    private int _position;

    /// <summary>Bytes consumed so far (past the end, the rest read as zeros).</summary>
    public int Consumed => Math.Min(_position, bytes.Length);

    public int Choose(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count == 1) return 0;
        return (int)(Read(WidthOf(count)) % (uint)count);
    }

    /// <summary>The bytes a choice among <paramref name="count"/> (at least 2) options consumes.</summary>
    public static int WidthOf(int count) => count <= 1 << 8 ? 1 : count <= 1 << 16 ? 2 : 4;

    public long Bits64() => (long)Read(8);

    private ulong Read(int width)
    {
        var start = _position;
        _position += width;
        if (_position > bytes.Length) return 0;
        Span<byte> buffer = stackalloc byte[8];
        buffer.Clear();
        bytes.Span.Slice(start, width).CopyTo(buffer);
        return BinaryPrimitives.ReadUInt64LittleEndian(buffer);
    }
}
