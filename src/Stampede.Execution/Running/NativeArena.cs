using System.Runtime.InteropServices;
using System.Text;

namespace Stampede.Execution.Running;

/// <summary>
/// Native memory for the arguments of one run of a program (strings, buffers, out-parameter slots), freed together
/// when the run ends. Each thread has its own arena, so allocation needs no lock. Memory is zeroed and never
/// shared between calls: a string a call may keep a pointer to stays valid until the run ends.
/// </summary>
public sealed unsafe class NativeArena : IDisposable
{
    readonly List<nint> blocks = [];

    public byte* Allocate(int size)
    {
        var block = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(size, 1));
        blocks.Add((nint)block);
        return block;
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>.</summary>
    public byte* String(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* block = Allocate(length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(block, length));
        return block;
    }

    public byte* Bytes(ReadOnlySpan<byte> bytes)
    {
        byte* block = Allocate(bytes.Length);
        bytes.CopyTo(new Span<byte>(block, bytes.Length));
        return block;
    }

    /// <summary>Frees everything allocated so far; the arena can be used again.</summary>
    public void Reset()
    {
        foreach (var block in blocks) NativeMemory.Free((void*)block);
        blocks.Clear();
    }

    public void Dispose() => Reset();
}
