using Stampede.Bindgen.Declarations;

namespace Stampede.Bindgen.Clang;

/// <summary>Turns a libclang type into a <see cref="CType"/>, keeping the spelling the header used.</summary>
internal sealed class TypeReader(HeaderReader reader)
{
    public CType Read(CXType type) => Read(type, LibClang.Take(LibClang.clang_getTypeSpelling(type)));

    private CType Read(CXType type, string spelling)
    {
        switch (type.Kind)
        {
            case CXTypeKind.Elaborated:
                return Read(LibClang.clang_Type_getNamedType(type), spelling);
            case CXTypeKind.Attributed:
                return Read(LibClang.clang_Type_getModifiedType(type), spelling);
            case CXTypeKind.Typedef:
            {
                var canonical = LibClang.clang_getCanonicalType(type);
                var inner = Read(canonical, spelling);
                // A typedef of a pointer (XML_Parser, lua_KFunction) names that pointer type.
                return inner is PointerType p ? p with { TypedefName = LibClang.Take(LibClang.clang_getTypedefName(type)) } : inner;
            }
            case CXTypeKind.Pointer:
            {
                var pointee = LibClang.clang_getPointeeType(type);
                return new PointerType(spelling, Read(pointee), LibClang.clang_isConstQualifiedType(pointee) != 0, null);
            }
            case CXTypeKind.Record:
            {
                var key = LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getCanonicalType(type)));
                if (key.Contains("(unnamed") || key.Contains("(anonymous"))
                    return reader.TypedefNameOf(key) is { } named
                        ? RecordReference(spelling, key, named)
                        : new UnsupportedType(key.StartsWith("union") ? "union (unnamed)" : "struct (unnamed)", "anonymous struct or union");
                return RecordReference(spelling, key, key.Replace("struct ", "").Replace("union ", ""));
            }
            case CXTypeKind.Enum:
                return new EnumType(spelling, LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getCanonicalType(type))));
            case CXTypeKind.FunctionProto:
            {
                var parameters = new List<CType>();
                var n = LibClang.clang_getNumArgTypes(type);
                for (uint i = 0; i < n; i++) parameters.Add(Read(LibClang.clang_getArgType(type, i)));
                return new FunctionType(spelling, Read(LibClang.clang_getResultType(type)), parameters,
                    LibClang.clang_isFunctionTypeVariadic(type) != 0);
            }
            case CXTypeKind.FunctionNoProto:
                return new UnsupportedType(spelling, "function type without a prototype");
            case CXTypeKind.ConstantArray:
                return new ArrayType(spelling, Read(LibClang.clang_getElementType(type)), LibClang.clang_getArraySize(type));
            case CXTypeKind.IncompleteArray:
                return new UnsupportedType(spelling, "flexible or unsized array");
            case CXTypeKind.Atomic:
                return new UnsupportedType(spelling, "_Atomic type");
        }
        if (Primitive(type) is { } kind) return new PrimitiveType(spelling, kind);
        var canon = LibClang.clang_getCanonicalType(type);
        // Decayed and other sugar that libclang exposes as 'unexposed': read the canonical type instead.
        if (canon.Kind != type.Kind && canon.Kind != CXTypeKind.Invalid) return Read(canon, spelling);
        return new UnsupportedType(spelling, $"unsupported C type kind {type.Kind}");
    }

    private RecordType RecordReference(string spelling, string key, string name)
    {
        reader.NoteRecordReference(key, name);
        return new RecordType(spelling, key);
    }

    public static PrimitiveKind? Primitive(CXType type) => type.Kind switch
    {
        CXTypeKind.Void => PrimitiveKind.Void,
        CXTypeKind.Bool => PrimitiveKind.Bool,
        CXTypeKind.Char_S or CXTypeKind.Char_U => PrimitiveKind.Char,
        CXTypeKind.SChar => PrimitiveKind.SChar,
        CXTypeKind.UChar => PrimitiveKind.UChar,
        CXTypeKind.Short => PrimitiveKind.Short,
        CXTypeKind.UShort => PrimitiveKind.UShort,
        CXTypeKind.Int => PrimitiveKind.Int,
        CXTypeKind.UInt => PrimitiveKind.UInt,
        CXTypeKind.Long => PrimitiveKind.Long,
        CXTypeKind.ULong => PrimitiveKind.ULong,
        CXTypeKind.LongLong => PrimitiveKind.LongLong,
        CXTypeKind.ULongLong => PrimitiveKind.ULongLong,
        CXTypeKind.Float => PrimitiveKind.Float,
        CXTypeKind.Double => PrimitiveKind.Double,
        _ => null,
    };
}
