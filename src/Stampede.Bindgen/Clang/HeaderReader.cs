using Stampede.Bindgen.Declarations;

namespace Stampede.Bindgen.Clang;

/// <summary>
/// Reads the top-level declarations of a translation unit into <see cref="HeaderDeclarations"/>.
/// Everything is read, including system headers, so types used by the requested headers resolve;
/// each declaration says whether it is in scope (declared in one of the requested headers).
/// </summary>
internal sealed class HeaderReader
{
    private readonly TranslationUnit _unit;
    private readonly HashSet<string> _scope;
    private readonly List<FunctionDecl> _functions = [];
    private readonly HashSet<string> _functionNames = [];
    private readonly Dictionary<string, RecordDecl> _records = [];
    private readonly Dictionary<string, EnumDecl> _enums = [];
    private readonly List<TypedefDecl> _typedefs = [];
    private readonly List<MacroDecl> _macros = [];
    // Record/enum key -> the typedef that names it (typedef struct sqlite3 sqlite3), preferred as the C# name.
    private readonly Dictionary<string, string> _typedefNames = [];

    private HeaderReader(TranslationUnit unit, IEnumerable<string> scopeFiles)
    {
        _unit = unit;
        _scope = scopeFiles.Select(Path.GetFullPath).ToHashSet();
    }

    public static HeaderDeclarations Read(TranslationUnit unit, IEnumerable<string> scopeFiles)
    {
        var reader = new HeaderReader(unit, scopeFiles);
        reader.ReadAll();
        return reader.Result();
    }

    private void ReadAll()
    {
        var top = TranslationUnit.Children(_unit.Root);
        // Typedef names first: a record's name must be known before its first use is read.
        foreach (var c in top)
            if (LibClang.clang_getCursorKind(c) == CXCursorKind.TypedefDecl) NoteTypedefName(c);
        foreach (var c in top)
        {
            switch (LibClang.clang_getCursorKind(c))
            {
                case CXCursorKind.FunctionDecl: ReadFunction(c); break;
                case CXCursorKind.StructDecl or CXCursorKind.UnionDecl: ReadRecord(c); break;
                case CXCursorKind.EnumDecl: ReadEnum(c); break;
                case CXCursorKind.TypedefDecl: ReadTypedef(c); break;
                case CXCursorKind.MacroDefinition: ReadMacro(c); break;
            }
        }
    }

    private HeaderDeclarations Result() => new(_functions, _records, _enums, _typedefs, _macros);

    private (SourcePlace Place, bool InScope) Locate(CXCursor c)
    {
        unsafe
        {
            nint file;
            uint line, column, offset;
            LibClang.clang_getFileLocation(LibClang.clang_getCursorLocation(c), &file, &line, &column, &offset);
            var name = file == 0 ? "<built-in>" : LibClang.Take(LibClang.clang_getFileName(file));
            var inScope = file != 0 && _scope.Contains(Path.GetFullPath(name));
            return (new SourcePlace(name, (int)line), inScope);
        }
    }

    private static string Spelling(CXCursor c) => LibClang.Take(LibClang.clang_getCursorSpelling(c));

    private void NoteTypedefName(CXCursor c)
    {
        var underlying = LibClang.clang_getCanonicalType(LibClang.clang_getTypedefDeclUnderlyingType(c));
        if (underlying.Kind is CXTypeKind.Record or CXTypeKind.Enum)
            _typedefNames.TryAdd(LibClang.Take(LibClang.clang_getTypeSpelling(underlying)), Spelling(c));
    }

    private void ReadFunction(CXCursor c)
    {
        var name = Spelling(c);
        var (place, inScope) = Locate(c);
        if (!_functionNames.Add(name))
        {
            // A redeclaration: keep the first, but let an in-scope one win over an out-of-scope one.
            var i = _functions.FindIndex(f => f.Name == name);
            if (_functions[i].InScope || !inScope) return;
            _functions.RemoveAt(i);
        }
        var type = LibClang.clang_getCursorType(c);
        var types = new TypeReader(this);
        var parameters = new List<ParameterDecl>();
        var count = LibClang.clang_Cursor_getNumArguments(c);
        for (uint i = 0; i < count; i++)
        {
            var arg = LibClang.clang_Cursor_getArgument(c, i);
            var argName = Spelling(arg);
            parameters.Add(new ParameterDecl(argName.Length > 0 ? argName : Model.Api.ApiParameter.Unnamed((int)i), types.Read(LibClang.clang_getCursorType(arg))));
        }
        var variadic = type.Kind == CXTypeKind.FunctionProto && LibClang.clang_isFunctionTypeVariadic(type) != 0;
        var inline = LibClang.clang_Cursor_getStorageClass(c) == CX_StorageClass.Static || LibClang.clang_Cursor_isFunctionInlined(c) != 0;
        var returnType = type.Kind == CXTypeKind.FunctionNoProto
            ? new UnsupportedType(LibClang.Take(LibClang.clang_getTypeSpelling(type)), "function without a prototype")
            : types.Read(LibClang.clang_getCursorResultType(c));
        _functions.Add(new FunctionDecl(name, returnType, parameters, variadic, inline, inScope, place));
    }

    private void ReadRecord(CXCursor c)
    {
        var type = LibClang.clang_getCursorType(c);
        var key = LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getCanonicalType(type)));
        var isDefinition = LibClang.clang_isCursorDefinition(c) != 0;
        if (_records.TryGetValue(key, out var known) && (known.IsComplete || (!isDefinition && known.Place.Line != 0))) return;
        var (place, inScope) = Locate(c);
        var name = _typedefNames.GetValueOrDefault(key) ?? Spelling(c);
        var isUnion = LibClang.clang_getCursorKind(c) == CXCursorKind.UnionDecl;
        if (!isDefinition)
        {
            _records[key] = new RecordDecl(key, name, isUnion, false, -1, -1, [], inScope, place);
            return;
        }
        var types = new TypeReader(this);
        var fields = new List<FieldDecl>();
        foreach (var child in TranslationUnit.Children(c))
        {
            if (LibClang.clang_getCursorKind(child) != CXCursorKind.FieldDecl) continue;
            fields.Add(new FieldDecl(
                Spelling(child),
                types.Read(LibClang.clang_getCursorType(child)),
                LibClang.clang_Cursor_getOffsetOfField(child) / 8,
                LibClang.clang_Cursor_isBitField(child) != 0,
                LibClang.clang_Cursor_isAnonymous(child) != 0 || Spelling(child).Length == 0));
        }
        _records[key] = new RecordDecl(key, name, isUnion, true,
            LibClang.clang_Type_getSizeOf(type), LibClang.clang_Type_getAlignOf(type), fields, inScope, place);
    }

    private void ReadEnum(CXCursor c)
    {
        var key = LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getCanonicalType(LibClang.clang_getCursorType(c))));
        if (_enums.ContainsKey(key) || LibClang.clang_isCursorDefinition(c) == 0) return;
        var (place, inScope) = Locate(c);
        var underlying = TypeReader.Primitive(LibClang.clang_getCanonicalType(LibClang.clang_getEnumDeclIntegerType(c))) ?? PrimitiveKind.Int;
        var unsigned = underlying is PrimitiveKind.UInt or PrimitiveKind.ULong or PrimitiveKind.ULongLong or PrimitiveKind.UChar or PrimitiveKind.UShort;
        var constants = TranslationUnit.Children(c)
            .Where(k => LibClang.clang_getCursorKind(k) == CXCursorKind.EnumConstantDecl)
            .Select(k => new EnumConstant(Spelling(k), unsigned
                ? unchecked((long)LibClang.clang_getEnumConstantDeclUnsignedValue(k))
                : LibClang.clang_getEnumConstantDeclValue(k)))
            .ToList();
        var anonymous = LibClang.clang_Cursor_isAnonymous(c) != 0 || Spelling(c).Length == 0 || Spelling(c).Contains("(unnamed");
        var name = _typedefNames.GetValueOrDefault(key) ?? (anonymous ? null : Spelling(c));
        _enums[key] = new EnumDecl(key, name, underlying, constants, inScope, place);
    }

    private void ReadTypedef(CXCursor c)
    {
        var (place, inScope) = Locate(c);
        _typedefs.Add(new TypedefDecl(Spelling(c), new TypeReader(this).Read(LibClang.clang_getTypedefDeclUnderlyingType(c)), inScope, place));
    }

    private void ReadMacro(CXCursor c)
    {
        var (place, inScope) = Locate(c);
        if (!inScope) return; // system headers define thousands; only the requested headers' macros matter.
        var tokens = _unit.Tokens(c);
        if (tokens.Count == 0) return;
        _macros.Add(new MacroDecl(tokens[0].Text, tokens.Skip(1).Select(t => t.Text).ToList(),
            LibClang.clang_Cursor_isMacroFunctionLike(c) != 0, inScope, place));
    }

    /// <summary>Records referenced before their declaration was visited (e.g. only through a pointer).</summary>
    internal void NoteRecordReference(string key, string name)
    {
        if (!_records.ContainsKey(key))
            _records[key] = new RecordDecl(key, _typedefNames.GetValueOrDefault(key) ?? name, key.StartsWith("union "), false, -1, -1, [], false, new SourcePlace("<unknown>", 0));
    }

    internal string? TypedefNameOf(string key) => _typedefNames.GetValueOrDefault(key);
}
