using System.Runtime.InteropServices;
using System.Text;

namespace Stampede.Bindgen.Clang;

/// <summary>
/// One parsed translation unit: a generated source that includes the requested headers in order.
/// Parse errors become a <see cref="BindgenException"/> that quotes clang's diagnostics with file:line.
/// </summary>
internal sealed unsafe class TranslationUnit : IDisposable
{
    private const string MainFile = "stampede-bindgen.c";
    private const uint DetailedPreprocessingRecord = 0x01;
    private const uint SkipFunctionBodies = 0x40;

    private readonly nint _index;
    public nint Handle { get; }

    private TranslationUnit(nint index, nint handle)
    {
        _index = index;
        Handle = handle;
    }

    public static TranslationUnit Parse(IReadOnlyList<string> headers, IEnumerable<string> clangArguments)
    {
        LibClang.EnsureLoaded();
        var source = new StringBuilder();
        foreach (var header in headers) source.Append("#include \"").Append(header).Append("\"\n");
        var args = new List<string> { "-x", "c", "-std=gnu11" };
        args.AddRange(clangArguments);

        var index = LibClang.clang_createIndex(0, 0);
        var pinned = new List<GCHandle>();
        try
        {
            byte* Utf8(string s)
            {
                var h = GCHandle.Alloc(Encoding.UTF8.GetBytes(s + "\0"), GCHandleType.Pinned);
                pinned.Add(h);
                return (byte*)h.AddrOfPinnedObject();
            }
            var argv = stackalloc byte*[args.Count];
            for (var i = 0; i < args.Count; i++) argv[i] = Utf8(args[i]);
            var contents = Encoding.UTF8.GetBytes(source.ToString());
            var unsaved = new CXUnsavedFile { Filename = Utf8(MainFile), Contents = Utf8(source.ToString()), Length = (nuint)contents.Length };
            nint tu;
            var rc = LibClang.clang_parseTranslationUnit2(index, Utf8(MainFile), argv, args.Count, &unsaved, 1,
                DetailedPreprocessingRecord | SkipFunctionBodies, &tu);
            if (rc != 0)
            {
                LibClang.clang_disposeIndex(index);
                throw new BindgenException($"libclang could not parse the headers (error code {rc})");
            }
            var unit = new TranslationUnit(index, tu);
            var errors = unit.Errors();
            if (errors.Count > 0)
            {
                unit.Dispose();
                var more = errors.Count > 1 ? $" (and {errors.Count - 1} more error(s))" : "";
                throw new BindgenException($"header does not parse: {errors[0]}{more}");
            }
            return unit;
        }
        finally
        {
            foreach (var h in pinned) h.Free();
        }
    }

    /// <summary>Error and fatal diagnostics, formatted by clang as <c>file:line:column: error: message</c>.</summary>
    private List<string> Errors()
    {
        var errors = new List<string>();
        var count = LibClang.clang_getNumDiagnostics(Handle);
        for (uint i = 0; i < count; i++)
        {
            var d = LibClang.clang_getDiagnostic(Handle, i);
            try
            {
                if (LibClang.clang_getDiagnosticSeverity(d) >= CXDiagnosticSeverity.Error)
                    errors.Add(LibClang.Take(LibClang.clang_formatDiagnostic(d, LibClang.clang_defaultDiagnosticDisplayOptions())));
            }
            finally { LibClang.clang_disposeDiagnostic(d); }
        }
        return errors;
    }

    public CXCursor Root => LibClang.clang_getTranslationUnitCursor(Handle);

    /// <summary>The direct children of a cursor, in source order.</summary>
    public static List<CXCursor> Children(CXCursor parent)
    {
        var children = new List<CXCursor>();
        var handle = GCHandle.Alloc(children);
        try { LibClang.clang_visitChildren(parent, &Collect, GCHandle.ToIntPtr(handle)); }
        finally { handle.Free(); }
        return children;
    }

    [UnmanagedCallersOnly]
    private static CXChildVisitResult Collect(CXCursor cursor, CXCursor parent, nint clientData)
    {
        ((List<CXCursor>)GCHandle.FromIntPtr(clientData).Target!).Add(cursor);
        return CXChildVisitResult.Continue;
    }

    /// <summary>The spelled tokens of a cursor's extent (a macro definition: its name, then its replacement).</summary>
    public List<(CXTokenKind Kind, string Text)> Tokens(CXCursor cursor)
    {
        CXToken* tokens;
        uint count;
        LibClang.clang_tokenize(Handle, LibClang.clang_getCursorExtent(cursor), &tokens, &count);
        var result = new List<(CXTokenKind, string)>((int)count);
        for (uint i = 0; i < count; i++)
            result.Add((LibClang.clang_getTokenKind(tokens[i]), LibClang.Take(LibClang.clang_getTokenSpelling(Handle, tokens[i]))));
        if (tokens != null) LibClang.clang_disposeTokens(Handle, tokens, count);
        return result;
    }

    public void Dispose()
    {
        LibClang.clang_disposeTranslationUnit(Handle);
        LibClang.clang_disposeIndex(_index);
    }
}
