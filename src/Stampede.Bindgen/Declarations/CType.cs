namespace Stampede.Bindgen.Declarations;

/// <summary>
/// A C type as the header wrote it, reduced to what bindings need. <see cref="Spelling"/> keeps the
/// source spelling (typedef names included) for the API model; the shape below is the canonical type.
/// </summary>
public abstract record CType(string Spelling);

public enum PrimitiveKind { Void, Bool, Char, SChar, UChar, Short, UShort, Int, UInt, Long, ULong, LongLong, ULongLong, Float, Double }

public sealed record PrimitiveType(string Spelling, PrimitiveKind Kind) : CType(Spelling);

/// <summary>A pointer; <see cref="TypedefName"/> is set when the header named the pointer type itself
/// (<c>typedef struct XML_ParserStruct *XML_Parser</c>), which then names a handle type.</summary>
public sealed record PointerType(string Spelling, CType Pointee, bool PointeeIsConst, string? TypedefName) : CType(Spelling);

/// <summary>A struct or union, by its key in <see cref="HeaderDeclarations.Records"/>.</summary>
public sealed record RecordType(string Spelling, string Key) : CType(Spelling);

/// <summary>An enum, by its key in <see cref="HeaderDeclarations.Enums"/>.</summary>
public sealed record EnumType(string Spelling, string Key) : CType(Spelling);

public sealed record FunctionType(string Spelling, CType Return, IReadOnlyList<CType> Parameters, bool IsVariadic) : CType(Spelling);

public sealed record ArrayType(string Spelling, CType Element, long Length) : CType(Spelling);

/// <summary>A type bindings cannot represent (long double, __int128, atomics, functions without a prototype).</summary>
public sealed record UnsupportedType(string Spelling, string Reason) : CType(Spelling);
