using Stampede.Bindgen.Declarations;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Generation;

/// <summary>
/// Decides how each C type is represented in C#: which structs are emitted with explicit layout, which records
/// become opaque handle types, which enums are emitted; and maps any C type to its blittable C# spelling and
/// its dispatcher slot kind. Built from the functions being bound: only what they reach is emitted.
/// </summary>
public sealed class TypeMap
{
    private readonly HeaderDeclarations _declarations;
    private readonly Dictionary<string, string> _pointerTypedefNames = [];  // record key -> typedef of a pointer to it
    private readonly Dictionary<string, string?> _structSupport = [];       // record key -> null when emittable, else why not
    private readonly List<RecordDecl> _structs = [];
    private readonly SortedDictionary<string, string> _handles = new(StringComparer.Ordinal); // handle name -> record key
    private readonly List<EnumDecl> _enums = [];
    private readonly HashSet<string> _visitedEnums = [];

    public TypeMap(HeaderDeclarations declarations, IEnumerable<FunctionDecl> functions)
    {
        _declarations = declarations;
        foreach (var t in declarations.Typedefs)
            if (t.Underlying is PointerType { Pointee: RecordType r })
                _pointerTypedefNames.TryAdd(r.Key, t.Name);
        foreach (var f in functions)
        {
            Visit(f.ReturnType);
            foreach (var p in f.Parameters) Visit(p.Type);
        }
    }

    /// <summary>Structs to emit, in the order they were first reached.</summary>
    public IReadOnlyList<RecordDecl> Structs => _structs;

    /// <summary>Opaque handle types to emit: name -> record key.</summary>
    public IReadOnlyDictionary<string, string> Handles => _handles;

    /// <summary>Named enums to emit, in the order they were first reached.</summary>
    public IReadOnlyList<EnumDecl> Enums => _enums;

    /// <summary>Emits the in-scope named enums too, not only those a bound function uses.</summary>
    public void AddEnum(EnumDecl e)
    {
        if (e.Name is not null && _visitedEnums.Add(e.Key)) _enums.Add(e);
    }

    private void Visit(CType type)
    {
        switch (type)
        {
            case PointerType { Pointee: RecordType r }:
                if (IsStruct(r.Key)) VisitStruct(r.Key);
                else _handles.TryAdd(HandleName(r.Key), r.Key);
                break;
            case PointerType p: Visit(p.Pointee); break;
            case RecordType r when IsStruct(r.Key): VisitStruct(r.Key); break;
            case EnumType e when _declarations.Enums.TryGetValue(e.Key, out var decl): AddEnum(decl); break;
            case FunctionType f:
                Visit(f.Return);
                foreach (var p in f.Parameters) Visit(p);
                break;
            case ArrayType a: Visit(a.Element); break;
        }
    }

    private void VisitStruct(string key)
    {
        var record = _declarations.Records[key];
        if (_structs.Contains(record)) return;
        _structs.Add(record);
        foreach (var f in record.Fields) Visit(f.Type);
    }

    /// <summary>The name of the handle type for a record only used through pointers.</summary>
    public string HandleName(string recordKey)
    {
        var record = _declarations.Records[recordKey];
        // typedef struct sqlite3 sqlite3 names the record; typedef struct XML_ParserStruct *XML_Parser names the pointer.
        var recordIsTypedefed = record.Name != recordKey.Replace("struct ", "").Replace("union ", "");
        return !recordIsTypedefed && _pointerTypedefNames.TryGetValue(recordKey, out var pointerName) ? pointerName : record.Name;
    }

    /// <summary>True when the record is emitted as a C# struct; false when it is an opaque handle.</summary>
    public bool IsStruct(string recordKey) => WhyNotStruct(recordKey) is null;

    /// <summary>Null when the record can be emitted with exact layout; otherwise the reason it cannot.</summary>
    public string? WhyNotStruct(string recordKey)
    {
        if (_structSupport.TryGetValue(recordKey, out var known)) return known;
        _structSupport[recordKey] = "recursive by-value layout"; // guards cycles while computing
        var record = _declarations.Records[recordKey];
        string? why = null;
        if (!record.IsComplete) why = "incomplete (opaque) type";
        else if (record.IsUnion) why = "union";
        else
            foreach (var f in record.Fields)
            {
                why = f.IsBitField ? $"bitfield '{f.Name}'"
                    : f.IsAnonymous ? "anonymous struct or union member"
                    : WhyNotField(f.Type) is { } w ? $"field '{f.Name}': {w}" : null;
                if (why is not null) break;
            }
        _structSupport[recordKey] = why;
        return why;
    }

    private string? WhyNotField(CType type) => type switch
    {
        ArrayType { Element: PrimitiveType or EnumType } => null,
        ArrayType => "array of non-scalar elements",
        _ => WhyNot(type),
    };

    /// <summary>Null when the type can appear in a bound signature or field; otherwise why it cannot.</summary>
    public string? WhyNot(CType type) => type switch
    {
        UnsupportedType u => $"{u.Spelling}: {u.Reason}",
        RecordType r => WhyNotStruct(r.Key) is { } w ? $"{r.Spelling} by value: {w}" : null,
        ArrayType a when a.Spelling.Contains("va_list") => "va_list: C varargs cannot be passed through a fixed P/Invoke signature",
        ArrayType => "array by value",
        FunctionType f when f.IsVariadic => "variadic function type",
        _ => null,
    };

    public string CSharp(CType type) => type switch
    {
        PrimitiveType p => Primitive(p.Kind),
        EnumType e => EnumName(e) ?? Primitive(_declarations.Enums.TryGetValue(e.Key, out var d) ? d.Underlying : PrimitiveKind.Int),
        RecordType r => _declarations.Records[r.Key].Name,
        PointerType { Pointee: RecordType r } => IsStruct(r.Key) ? _declarations.Records[r.Key].Name + "*" : HandleName(r.Key),
        PointerType { Pointee: FunctionType f } => FunctionPointer(f),
        PointerType { Pointee: PrimitiveType { Kind: PrimitiveKind.Void } } => "void*",
        PointerType { Pointee: UnsupportedType or ArrayType } => "void*",
        PointerType p => CSharp(p.Pointee) + "*",
        ArrayType a => CSharp(a.Element),
        _ => "void*",
    };

    private string FunctionPointer(FunctionType f)
    {
        if (f.IsVariadic || WhyNot(f.Return) is not null || f.Parameters.Any(p => WhyNot(p) is not null)) return "void*";
        return "delegate* unmanaged<" + string.Join(", ", f.Parameters.Select(CSharp).Append(CSharp(f.Return))) + ">";
    }

    private string? EnumName(EnumType e) =>
        _declarations.Enums.TryGetValue(e.Key, out var d) && d.Name is not null ? d.Name : null;

    public AbiKind Abi(CType type) => type switch
    {
        PrimitiveType p => Abi(p.Kind),
        EnumType e => Abi(_declarations.Enums.TryGetValue(e.Key, out var d) ? d.Underlying : PrimitiveKind.Int),
        PointerType => AbiKind.Ptr,
        RecordType => AbiKind.Struct,
        _ => AbiKind.Ptr,
    };

    public static AbiKind Abi(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Void => AbiKind.Void,
        PrimitiveKind.Bool or PrimitiveKind.UChar => AbiKind.U8,
        PrimitiveKind.Char or PrimitiveKind.SChar => AbiKind.I8,
        PrimitiveKind.Short => AbiKind.I16,
        PrimitiveKind.UShort => AbiKind.U16,
        PrimitiveKind.Int => AbiKind.I32,
        PrimitiveKind.UInt => AbiKind.U32,
        PrimitiveKind.Long or PrimitiveKind.LongLong => AbiKind.I64,
        PrimitiveKind.ULong or PrimitiveKind.ULongLong => AbiKind.U64,
        PrimitiveKind.Float => AbiKind.F32,
        _ => AbiKind.F64,
    };

    /// <summary>LP64 (Linux, macOS): long is pointer-sized, hence nint/nuint. C char and _Bool are bytes.</summary>
    public static string Primitive(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Void => "void",
        PrimitiveKind.Bool or PrimitiveKind.Char or PrimitiveKind.UChar => "byte",
        PrimitiveKind.SChar => "sbyte",
        PrimitiveKind.Short => "short",
        PrimitiveKind.UShort => "ushort",
        PrimitiveKind.Int => "int",
        PrimitiveKind.UInt => "uint",
        PrimitiveKind.Long => "nint",
        PrimitiveKind.ULong => "nuint",
        PrimitiveKind.LongLong => "long",
        PrimitiveKind.ULongLong => "ulong",
        PrimitiveKind.Float => "float",
        _ => "double",
    };

    /// <summary>The record a pointer type points at (directly or through a pointer typedef), if any.</summary>
    public static RecordType? PointedRecord(CType type) => type is PointerType { Pointee: RecordType r } ? r : null;

    /// <summary>The resource name for a record: named like a handle (gzFile for struct gzFile_s) even when emitted as a struct.</summary>
    public string ResourceName(string recordKey) => HandleName(recordKey);
}
