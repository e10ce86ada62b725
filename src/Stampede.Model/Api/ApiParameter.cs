namespace Stampede.Model.Api;

/// <summary>One parameter. <see cref="LengthParameter"/> (on a buffer) and <see cref="BufferParameter"/> (on a length)
/// are zero-based parameter indexes; <see cref="Why"/> says how the role was inferred or that the config set it.
/// On a handle: <see cref="PassedTo"/>, the call passes ownership of the handle to another parameter's handle (or to the
/// library); <see cref="DropsOwned"/> (a reason), the call may free or detach what this handle owns, so handles
/// borrowed from it or passed to it are dead after the call. <see cref="ElementSize"/> (on a buffer): its length
/// parameter counts elements of this many bytes (<c>const int *numbers, int count</c>: 4), not bytes.
/// <see cref="MemberOf"/> (on a handle): the call takes this handle out of another parameter's handle, so it must be one
/// borrowed from that handle (<c>cJSON_DetachItemViaPointer(parent, item)</c>: an item of <c>parent</c>).
/// <see cref="ReferenceIn"/> (on a handle): the call puts a reference to this handle into another parameter's handle,
/// which keeps the caller's ownership but must not make a cycle (<c>cJSON_AddItemReferenceToArray(array, item)</c>).</summary>
public sealed record ApiParameter(
    string Name,
    string CType,
    AbiKind Abi,
    ParameterRole Role,
    string Why,
    string? Resource = null,
    int? LengthParameter = null,
    int? BufferParameter = null,
    string? Enum = null,
    ArgumentDomain? Domain = null,
    HandleOwner? PassedTo = null,
    string? DropsOwned = null,
    int? ElementSize = null,
    HandleOwner? MemberOf = null,
    HandleOwner? ReferenceIn = null)
{
    /// <summary>The name of parameter <paramref name="index"/> when the header gives it none.</summary>
    public static string Unnamed(int index) => $"arg{index}";
}
