using System.Reflection;
using System.Runtime.InteropServices;

namespace Stampede.Bindgen.Clang;

/// <summary>
/// The entry points of libclang's stable C API that Stampede uses, and nothing more. ClangSharp would
/// provide these, but it is not available from the package registry this project builds against.
/// </summary>
internal static unsafe class LibClang
{
    /// <summary>Debian's libclang1-19; STAMPEDE_LIBCLANG names another build (a path or a soname).</summary>
    public const string DefaultLibrary = "libclang-19.so.1";
    private const string Lib = "libclang";

    static LibClang() =>
        NativeLibrary.SetDllImportResolver(typeof(LibClang).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib) return 0;
        var wanted = Environment.GetEnvironmentVariable("STAMPEDE_LIBCLANG") is { Length: > 0 } v ? v : DefaultLibrary;
        if (NativeLibrary.TryLoad(wanted, out var handle)) return handle;
        throw new BindgenException(
            $"cannot load libclang '{wanted}' (install libclang1-19, or set STAMPEDE_LIBCLANG to a libclang .so)");
    }

    /// <summary>Runs the static constructor, which installs the resolver, before the first call.</summary>
    public static void EnsureLoaded() => clang_getNullCursor();

    [DllImport(Lib)] public static extern CXCursor clang_getNullCursor();
    [DllImport(Lib)] public static extern nint clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [DllImport(Lib)] public static extern void clang_disposeIndex(nint index);
    [DllImport(Lib)] public static extern int clang_parseTranslationUnit2(nint index, byte* sourceFilename,
        byte** commandLineArgs, int numCommandLineArgs, CXUnsavedFile* unsavedFiles, uint numUnsavedFiles, uint options, nint* outTu);
    [DllImport(Lib)] public static extern void clang_disposeTranslationUnit(nint tu);

    [DllImport(Lib)] public static extern uint clang_getNumDiagnostics(nint tu);
    [DllImport(Lib)] public static extern nint clang_getDiagnostic(nint tu, uint index);
    [DllImport(Lib)] public static extern CXDiagnosticSeverity clang_getDiagnosticSeverity(nint diagnostic);
    [DllImport(Lib)] public static extern uint clang_defaultDiagnosticDisplayOptions();
    [DllImport(Lib)] public static extern CXString clang_formatDiagnostic(nint diagnostic, uint options);
    [DllImport(Lib)] public static extern void clang_disposeDiagnostic(nint diagnostic);

    [DllImport(Lib)] public static extern byte* clang_getCString(CXString s);
    [DllImport(Lib)] public static extern void clang_disposeString(CXString s);

    [DllImport(Lib)] public static extern CXCursor clang_getTranslationUnitCursor(nint tu);
    [DllImport(Lib)] public static extern uint clang_visitChildren(CXCursor parent,
        delegate* unmanaged<CXCursor, CXCursor, nint, CXChildVisitResult> visitor, nint clientData);
    [DllImport(Lib)] public static extern CXCursorKind clang_getCursorKind(CXCursor c);
    [DllImport(Lib)] public static extern CXString clang_getCursorSpelling(CXCursor c);
    [DllImport(Lib)] public static extern CXType clang_getCursorType(CXCursor c);
    [DllImport(Lib)] public static extern CXSourceLocation clang_getCursorLocation(CXCursor c);
    [DllImport(Lib)] public static extern CXSourceRange clang_getCursorExtent(CXCursor c);
    [DllImport(Lib)] public static extern uint clang_isCursorDefinition(CXCursor c);
    [DllImport(Lib)] public static extern CX_StorageClass clang_Cursor_getStorageClass(CXCursor c);
    [DllImport(Lib)] public static extern uint clang_Cursor_isFunctionInlined(CXCursor c);
    [DllImport(Lib)] public static extern uint clang_Cursor_isMacroFunctionLike(CXCursor c);
    [DllImport(Lib)] public static extern uint clang_Cursor_isBitField(CXCursor c);
    [DllImport(Lib)] public static extern uint clang_Cursor_isAnonymous(CXCursor c);
    [DllImport(Lib)] public static extern int clang_Cursor_getNumArguments(CXCursor c);
    [DllImport(Lib)] public static extern CXCursor clang_Cursor_getArgument(CXCursor c, uint i);
    [DllImport(Lib)] public static extern long clang_Cursor_getOffsetOfField(CXCursor c);
    [DllImport(Lib)] public static extern CXType clang_getCursorResultType(CXCursor c);
    [DllImport(Lib)] public static extern CXType clang_getTypedefDeclUnderlyingType(CXCursor c);
    [DllImport(Lib)] public static extern CXType clang_getEnumDeclIntegerType(CXCursor c);
    [DllImport(Lib)] public static extern long clang_getEnumConstantDeclValue(CXCursor c);
    [DllImport(Lib)] public static extern ulong clang_getEnumConstantDeclUnsignedValue(CXCursor c);

    [DllImport(Lib)] public static extern void clang_getFileLocation(CXSourceLocation location, nint* file, uint* line, uint* column, uint* offset);
    [DllImport(Lib)] public static extern CXString clang_getFileName(nint file);

    [DllImport(Lib)] public static extern CXType clang_getCanonicalType(CXType t);
    [DllImport(Lib)] public static extern CXString clang_getTypeSpelling(CXType t);
    [DllImport(Lib)] public static extern CXString clang_getTypedefName(CXType t);
    [DllImport(Lib)] public static extern CXType clang_getPointeeType(CXType t);
    [DllImport(Lib)] public static extern CXType clang_Type_getNamedType(CXType t);
    [DllImport(Lib)] public static extern CXType clang_Type_getModifiedType(CXType t);
    [DllImport(Lib)] public static extern CXType clang_getResultType(CXType t);
    [DllImport(Lib)] public static extern int clang_getNumArgTypes(CXType t);
    [DllImport(Lib)] public static extern CXType clang_getArgType(CXType t, uint i);
    [DllImport(Lib)] public static extern uint clang_isFunctionTypeVariadic(CXType t);
    [DllImport(Lib)] public static extern uint clang_isConstQualifiedType(CXType t);
    [DllImport(Lib)] public static extern CXType clang_getElementType(CXType t);
    [DllImport(Lib)] public static extern long clang_getArraySize(CXType t);
    [DllImport(Lib)] public static extern long clang_Type_getSizeOf(CXType t);
    [DllImport(Lib)] public static extern long clang_Type_getAlignOf(CXType t);

    [DllImport(Lib)] public static extern void clang_tokenize(nint tu, CXSourceRange range, CXToken** tokens, uint* numTokens);
    [DllImport(Lib)] public static extern CXString clang_getTokenSpelling(nint tu, CXToken token);
    [DllImport(Lib)] public static extern CXTokenKind clang_getTokenKind(CXToken token);
    [DllImport(Lib)] public static extern void clang_disposeTokens(nint tu, CXToken* tokens, uint numTokens);

    /// <summary>Copies a CXString into a managed string and disposes it.</summary>
    public static string Take(CXString s)
    {
        try { return Marshal.PtrToStringUTF8((nint)clang_getCString(s)) ?? ""; }
        finally { clang_disposeString(s); }
    }
}
