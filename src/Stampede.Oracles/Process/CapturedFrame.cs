using Stampede.Sanitizers;

namespace Stampede.Oracles.Process;

/// <summary>
/// One frame of a native or managed stack. <see cref="Module"/> is the file name (libkvstore.so) or, for
/// managed code, the assembly; <see cref="Location"/> is file:line:column when debug information gave one.
/// </summary>
/// <param name="ReturnAddress">The offset is where a call returns to, not the instruction running: every frame but
/// the one a signal interrupted. Its call is the instruction before it; after a call that never returns (abort) at a
/// function's end, the return address itself already lies in the next function or in padding.</param>
public sealed record CapturedFrame(string Module, long Offset, string? Function, string? Location, bool Managed, bool ReturnAddress = false)
{
    /// <summary>The function's name; null when it is unknown, whatever gave it (<see cref="UnknownSymbol"/>).</summary>
    public string? Function { get; init; } = UnknownSymbol.OrNull(Function);

    /// <summary>The frame's source place; null when it is unknown.</summary>
    public string? Location { get; init; } = UnknownSymbol.OrNull(Location);

    /// <summary>The offset to look up the frame's function and line at: inside its call instruction for a return
    /// address (as every unwinder does), else the offset itself.</summary>
    public long LookupOffset => ReturnAddress && Offset > 0 ? Offset - 1 : Offset;

    public override string ToString() =>
        $"{Function ?? "??"} ({(Location ?? $"{Module}+0x{Offset:x}")}){(Managed ? " [managed]" : "")}";
}
