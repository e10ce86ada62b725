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

    /// <exception cref="DllNotFoundException">The file is missing or is not a loadable library.</exception>
    public static LibraryInstance Load(string path)
    {
        if (!File.Exists(path)) throw new DllNotFoundException($"{path}: no such native library");
        return new LibraryInstance(path, NativeLibrary.Load(path));
    }

    /// <summary>The address of an exported function, or 0 when the library does not export it.</summary>
    public nint Export(string name) => NativeLibrary.TryGetExport(Handle, name, out var address) ? address : 0;

    /// <summary>Unloads and loads the library again. Returns false when the old instance stayed mapped (a library
    /// marked NODELETE, or loaded elsewhere in the process), in which case its state carried over.</summary>
    public bool Reload()
    {
        NativeLibrary.Free(Handle);
        bool unloaded = !IsMapped(Path);
        Handle = NativeLibrary.Load(Path);
        return unloaded;
    }

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
        foreach (var line in File.ReadLines("/proc/self/maps"))
            if (line.EndsWith(full, StringComparison.Ordinal)) return true;
        return false;
    }
}
