namespace Stampede.Bindgen.Declarations;

public sealed record ParameterDecl(string Name, CType Type);

/// <summary>A function declaration. <see cref="IsInline"/>: static or inline, so there is no symbol to call.</summary>
public sealed record FunctionDecl(
    string Name, CType ReturnType, IReadOnlyList<ParameterDecl> Parameters, bool IsVariadic, bool IsInline,
    bool InScope, SourcePlace Place);
