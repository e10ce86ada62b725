namespace Stampede.Model.Api;

public sealed record ApiReturn(string CType, AbiKind Abi, ReturnRole Role, string Why, string? Resource = null, string? Enum = null);
