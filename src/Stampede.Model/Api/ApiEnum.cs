namespace Stampede.Model.Api;

public sealed record ApiEnumMember(string Name, long Value);

/// <summary>An enum; <see cref="Flags"/> when its members look like a bit set (distinct powers of two).</summary>
public sealed record ApiEnum(string Name, AbiKind Underlying, bool Flags, IReadOnlyList<ApiEnumMember> Members);
