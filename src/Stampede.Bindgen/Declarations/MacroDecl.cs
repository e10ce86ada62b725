namespace Stampede.Bindgen.Declarations;

/// <summary>An object-like or function-like #define with its replacement tokens.</summary>
public sealed record MacroDecl(string Name, IReadOnlyList<string> Tokens, bool IsFunctionLike, bool InScope, SourcePlace Place);
