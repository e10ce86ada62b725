namespace Stampede.Model.Api;

/// <summary>One parameter. <see cref="LengthParameter"/> (on a buffer) and <see cref="BufferParameter"/> (on a length)
/// are zero-based parameter indexes; <see cref="Why"/> says how the role was inferred or that the config set it.
/// On a handle: <see cref="PassedTo"/>, the call passes ownership of the handle to another parameter's handle (or to the
/// library); <see cref="DropsOwned"/> (a reason), the call may free or detach what this handle owns, so handles
/// borrowed from it or passed to it are dead after the call.</summary>
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
    string? DropsOwned = null)
{
    /// <summary>The name of parameter <paramref name="index"/> when the header gives it none.</summary>
    public static string Unnamed(int index) => $"arg{index}";
}
