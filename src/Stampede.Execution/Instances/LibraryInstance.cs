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
    /// <remarks>A schedule build gets its scheduling runtime first (<see cref="ScheduleRuntime"/>).</remarks>
    /// <exception cref="DllNotFoundException">The file is missing or is not a loadable library, or it is a schedule
    /// build whose runtime is missing.</exception>
    public static LibraryInstance Load(string pathOrName)
    {
        if (pathOrName.Contains('/'))
        {
            if (!File.Exists(pathOrName)) throw new DllNotFoundException($"{pathOrName}: no such native library");
            if (ScheduleRuntime.IsNeededBy(pathOrName)) ScheduleRuntime.LoadFor(pathOrName);
            return new LibraryInstance(System.IO.Path.GetFullPath(pathOrName), NativeLibrary.Load(pathOrName));
        }
        string loaded = pathOrName;
        if (!NativeLibrary.TryLoad(loaded, out var handle) && !NativeLibrary.TryLoad(loaded = $"lib{pathOrName}.so", out handle))
            throw new DllNotFoundException($"cannot load native library '{pathOrName}' (give a path, or install it)");
        return new LibraryInstance(LoadedFile(handle) ?? loaded, handle);
    }

    /// <summary>The file the loader opened for <paramref name="handle"/>: the name in its link map (glibc's
    /// <c>dlinfo(RTLD_DI_LINKMAP)</c>), or null where there is none. Not a file that appeared in the process's mappings
    /// while it loaded: a library's dependencies (libxml2's ICU, liblzma, zlib) are mapped with it, and reloading one
    /// of them instead would call functions the library exports through a library that does not.</summary>
    static unsafe string? LoadedFile(nint handle)
    {
        const int linkMapRequest = 2; // RTLD_DI_LINKMAP
        if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "dlinfo", out var dlinfo)) return null;
        nint map = 0;
        if (((delegate* unmanaged<nint, int, nint*, int>)dlinfo)(handle, linkMapRequest, &map) != 0 || map == 0) return null;
        // struct link_map { ElfW(Addr) l_addr; char *l_name; ... }
        var name = Marshal.PtrToStringUTF8(((nint*)map)[1]);
        return name is { Length: > 0 } && name.Contains('/') ? name : null;
    }

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
