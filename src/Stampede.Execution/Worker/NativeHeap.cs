using System.Runtime.InteropServices;

namespace Stampede.Execution.Worker;

/// <summary>
/// The C allocator's heap of the worker process, checked when a program (or an iteration) is over. glibc notices a
/// damaged free block only when its size is allocated or freed again, or when it consolidates its bins: heap damage a
/// race did in one program otherwise fails wherever the allocator next looks, in whatever program runs then, and that
/// program's crash has nothing to do with it (its runs under the sanitizer builds name nothing).
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Walks the heap now (<c>malloc_trim(0)</c>: every arena's fast bins are consolidated, each block's link and
    /// size checked), so that damage already done aborts here, in the program that did it. Call it once the program's
    /// threads are gone (<see cref="OsThread.WaitUntilGone"/>), which hands their allocator caches back to the heap, and
    /// never while a thread may still be inside the allocator (a hung one): the walk takes every arena's lock.</summary>
    public static void Check() => MallocTrim(0);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
