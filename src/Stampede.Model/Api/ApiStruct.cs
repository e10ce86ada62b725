namespace Stampede.Model.Api;

public sealed record ApiField(string Name, string CType, long Offset);

/// <summary>A struct emitted with explicit layout; size, alignment and offsets are clang's.</summary>
public sealed record ApiStruct(string Name, long Size, long Align, IReadOnlyList<ApiField> Fields);
