using System.Buffers.Binary;

namespace Stampede.Model.Programs;

/// <summary>
/// Passes every choice of another source through and writes it down in the byte format
/// <see cref="ByteChoiceSource"/> reads: a choice among <c>count</c> options as the same 1, 2 or 4 little-endian bytes
/// that source would consume, 64 bits as 8. Decoding <see cref="Recorded"/> therefore makes the same choices, so a
/// generated program can be handed to a byte-level fuzzer (AFL++) as the input that decodes to it.
/// </summary>
public sealed class RecordingChoiceSource(IChoiceSource inner) : IChoiceSource
{
    readonly List<byte> recorded = [];

    public int Choose(int count)
    {
        int choice = inner.Choose(count);
        if (count > 1) Write((ulong)choice, ByteChoiceSource.WidthOf(count));
        return choice;
    }

    public long Bits64()
    {
        long bits = inner.Bits64();
        Write((ulong)bits, 8);
        return bits;
    }

    /// <summary>Every byte written so far.</summary>
    public IReadOnlyList<byte> Recorded => recorded;

    void Write(ulong value, int width)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        foreach (byte b in buffer[..width]) recorded.Add(b);
    }
}
