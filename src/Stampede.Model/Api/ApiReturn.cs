namespace Stampede.Model.Api;

/// <summary>A function's return value. <see cref="BorrowedFrom"/>, on a returned handle: it belongs to another handle
/// of the call (or to the library), not to the caller.</summary>
public sealed record ApiReturn(
    string CType, AbiKind Abi, ReturnRole Role, string Why, string? Resource = null, string? Enum = null,
    HandleOwner? BorrowedFrom = null);
