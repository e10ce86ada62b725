namespace Stampede.Model.Api;

/// <summary>One parameter. <see cref="LengthParameter"/> (on a buffer) and <see cref="BufferParameter"/> (on a length)
/// are zero-based parameter indexes; <see cref="Why"/> says how the role was inferred or that the config set it.</summary>
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
    ArgumentDomain? Domain = null)
{
    /// <summary>The name of parameter <paramref name="index"/> when the header gives it none.</summary>
    public static string Unnamed(int index) => $"arg{index}";
}
