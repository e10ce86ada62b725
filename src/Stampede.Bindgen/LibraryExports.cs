using System.Runtime.InteropServices;

namespace Stampede.Bindgen;

/// <summary>
/// The native library opened the way the bindings will open it (dlopen), to ask which symbols it exports (dlsym):
/// a function the headers declare but the library lacks would only fail when a program calls it, as a crash of the
/// worker, so it is left out of the model instead. The library stays loaded for the life of the process.
/// </summary>
public sealed class LibraryExports
{
    private readonly nint _handle;

    private LibraryExports(string file, string name, nint handle)
    {
        File = file;
        Name = name;
        _handle = handle;
    }

    /// <summary>The library's file name, as messages name it.</summary>
    public string File { get; }

    /// <summary>The name the bindings load the library by: the name given when the loader finds it as given or as
    /// <c>lib&lt;name&gt;.so</c> (as the runtime's probing does), else the installed soname it was found as
    /// (<c>c</c> → <c>libc.so.6</c>).</summary>
    public string Name { get; }

    /// <summary>Opens a library given by path, or by a name resolved as the linker's <c>-l</c> and the loader would
    /// (<see cref="LibraryName.Candidates"/>).</summary>
    /// <exception cref="BindgenException">No such file, or the loader refuses it (not a shared object of this machine,
    /// a missing dependency): the loader's reason is in the message.</exception>
    public static LibraryExports Open(string library)
    {
        if (library.Contains('/'))
        {
            if (!System.IO.File.Exists(library)) throw new BindgenException($"library not found: {library}");
            try { return new LibraryExports(Path.GetFileName(library), library, NativeLibrary.Load(Path.GetFullPath(library))); }
            catch (DllNotFoundException e) { throw new BindgenException($"library cannot be loaded: {library}: {LoaderReason(e)}"); }
        }
        var candidates = LibraryName.Candidates(library);
        for (var i = 0; i < candidates.Count; i++)
            if (NativeLibrary.TryLoad(candidates[i], out var handle))
                return new LibraryExports(candidates[i], i < LibraryName.ProbedCandidates ? library : candidates[i], handle);
        throw new BindgenException($"unknown library '{library}': none of {string.Join(", ", candidates.Select(c => $"'{c}'"))} can be loaded (give a path, or install the library)");
    }

    /// <summary>Whether the library (or a library it depends on, as dlsym searches) exports <paramref name="symbol"/>.</summary>
    public bool Has(string symbol) => NativeLibrary.TryGetExport(_handle, symbol, out _);

    // The runtime's message is advice on several lines, then dlerror()'s text ("...: invalid ELF header") on the last.
    private static string LoaderReason(DllNotFoundException e) =>
        e.Message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.Message;
}
