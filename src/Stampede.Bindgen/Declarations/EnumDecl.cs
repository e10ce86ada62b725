namespace Stampede.Bindgen.Declarations;

public sealed record EnumConstant(string Name, long Value);

/// <summary>An enum; <see cref="Name"/> is null for <c>enum { A, B };</c>, whose members become constants.</summary>
public sealed record EnumDecl(
    string Key, string? Name, PrimitiveKind Underlying, IReadOnlyList<EnumConstant> Constants, bool InScope, SourcePlace Place);
