using System.Runtime.InteropServices;

namespace Stampede.Execution.Instances;

/// <summary>
/// One loaded instance of a native library. Unloading it and loading it again gives the next program run the
/// library's initial state — globals, lazily built tables, once-flags — as a fresh process would, at the cost of a
/// dlclose/dlopen pair (tens of microseconds) instead of a process start. That is what lets every repetition hit
/// first-use bugs, and lets the sequential reference start from the same state as the concurrent run.
/// </summary>
public sealed class LibraryInstance : IDisposable
{
    public string Path { get; }
    public nint Handle { get; private set; }

    LibraryInstance(string path, nint handle) => (Path, Handle) = (path, handle);

    /// <summary>Loads a library by path, or by a name the loader finds (<c>libz.so.1</c>, <c>sqlite3</c>).</summary>
    /// <exception cref="DllNotFoundException">The file is missing or is not a loadable library.</exception>
    public static LibraryInstance Load(string pathOrName)
    {
        if (pathOrName.Contains('/'))
        {
            if (!File.Exists(pathOrName)) throw new DllNotFoundException($"{pathOrName}: no such native library");
            return new LibraryInstance(System.IO.Path.GetFullPath(pathOrName), NativeLibrary.Load(pathOrName));
        }
        // By name: the file is whatever the loader mapped for it, seen as the file that appeared in our mappings.
        var before = MappedFiles();
        if (!NativeLibrary.TryLoad(pathOrName, out var handle) && !NativeLibrary.TryLoad($"lib{pathOrName}.so", out handle))
            throw new DllNotFoundException($"cannot load native library '{pathOrName}' (give a path, or install it)");
        var file = MappedFiles().Except(before).FirstOrDefault(f => f.Contains(".so")) ?? pathOrName;
        return new LibraryInstance(file, handle);
    }

    static HashSet<string> MappedFiles() => File.ReadLines("/proc/self/maps")
        .Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : "").Where(f => f.Length > 0).ToHashSet();

    /// <summary>The address of an exported function, or 0 when the library does not export it.</summary>
    public nint Export(string name) => NativeLibrary.TryGetExport(Handle, name, out var address) ? address : 0;

    /// <summary>Unloads and loads the library again. Returns false when the old instance stayed mapped (a library
    /// marked NODELETE, or loaded elsewhere in the process), in which case its state carried over.</summary>
    public bool Reload()
    {
        NativeLibrary.Free(Handle);
        // Reading /proc/self/maps costs more than the reload itself, so it is read on the first reload and then
        // once in a thousand: whether a library unloads does not change from one repetition to the next.
        bool unloaded = Path.Contains('/') && (reloads++ % 1000 != 0 || !IsMapped(Path));
        Handle = NativeLibrary.Load(Path);
        return unloaded;
    }

    int reloads;

    public void Dispose()
    {
        if (Handle == 0) return;
        NativeLibrary.Free(Handle);
        Handle = 0;
    }

    /// <summary>Whether the file is still mapped into this process (Linux: /proc/self/maps names it).</summary>
    public static bool IsMapped(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        // /proc/self/maps may show the file by its resolved name; compare both.
        string resolved = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        foreach (var line in File.ReadLines("/proc/self/maps"))
            if (line.EndsWith(full, StringComparison.Ordinal) || line.EndsWith(resolved, StringComparison.Ordinal)) return true;
        return false;
    }
}
