namespace Stampede.Model.Api;

/// <summary>A function's return value. <see cref="BorrowedFrom"/>, on a returned handle: it belongs to another handle
/// of the call (or to the library), not to the caller. <see cref="RefersTo"/>, on a returned handle the caller owns: it
/// is a reference to another handle of the call (cJSON_CreateObjectReference(child)), showing what that handle holds,
/// so it must never be put into that handle or into anything that handle holds (a cycle).</summary>
public sealed record ApiReturn(
    string CType, AbiKind Abi, ReturnRole Role, string Why, string? Resource = null, string? Enum = null,
    HandleOwner? BorrowedFrom = null, HandleOwner? RefersTo = null);
