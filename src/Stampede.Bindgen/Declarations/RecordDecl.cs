namespace Stampede.Bindgen.Declarations;

public sealed record FieldDecl(string Name, CType Type, long Offset, bool IsBitField, bool IsAnonymous);

/// <summary>
/// A struct or union. Incomplete (only forward-declared) records are the opaque handle types.
/// <see cref="Size"/> and offsets are clang's, in bytes, for the target the headers were parsed for.
/// </summary>
public sealed record RecordDecl(
    string Key, string Name, bool IsUnion, bool IsComplete, long Size, long Align,
    IReadOnlyList<FieldDecl> Fields, bool InScope, SourcePlace Place);
