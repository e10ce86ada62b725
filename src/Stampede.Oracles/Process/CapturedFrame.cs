namespace Stampede.Oracles.Process;

/// <summary>
/// One frame of a native or managed stack. <see cref="Module"/> is the file name (libkvstore.so) or, for
/// managed code, the assembly; <see cref="Location"/> is file:line:column when debug information gave one.
/// </summary>
public sealed record CapturedFrame(string Module, long Offset, string? Function, string? Location, bool Managed)
{
    public override string ToString() =>
        $"{Function ?? "??"} ({(Location ?? $"{Module}+0x{Offset:x}")}){(Managed ? " [managed]" : "")}";
}
