namespace Stampede.Bindgen.Declarations;

/// <summary>Everything read from one translation unit, in declaration order. Records and enums are keyed by
/// their canonical spelling (<c>struct sqlite3</c>), so typedef'd and tagged uses meet.</summary>
public sealed record HeaderDeclarations(
    IReadOnlyList<FunctionDecl> Functions,
    IReadOnlyDictionary<string, RecordDecl> Records,
    IReadOnlyDictionary<string, EnumDecl> Enums,
    IReadOnlyList<TypedefDecl> Typedefs,
    IReadOnlyList<MacroDecl> Macros);
