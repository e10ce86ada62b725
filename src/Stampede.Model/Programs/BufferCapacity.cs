using System.Text;
using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// How much a buffer argument holds: in bytes, and in what its length parameter counts (elements of the buffer's
/// <see cref="ApiParameter.ElementSize"/>, else bytes). Generation, validation, mutation, minimization and learning
/// all bound a length by it, so none of them can pass a count that reads past the buffer.
/// </summary>
public static class BufferCapacity
{
    /// <summary>The bytes <paramref name="buffer"/> points to (a string with its NUL), 0 for null, or null for an
    /// argument that is no buffer.</summary>
    public static long? Bytes(Argument buffer) => buffer switch
    {
        OutputBufferArgument o => o.Size,
        InputBytesArgument x => x.Bytes.Count,
        StringArgument s => Encoding.UTF8.GetByteCount(s.Value) + 1,
        NullArgument => 0,
        _ => null,
    };

    /// <summary>The largest length <paramref name="bufferParameter"/>'s length parameter may take when
    /// <paramref name="buffer"/> is passed for it: whole elements only, so a count never reaches past the end; null
    /// for an argument that is no buffer.</summary>
    public static long? Length(ApiParameter bufferParameter, Argument buffer) =>
        Bytes(buffer) is { } bytes ? bytes / Math.Max(1, bufferParameter.ElementSize ?? 1) : null;
}
