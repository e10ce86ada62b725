using System.Runtime.InteropServices;

namespace Stampede.Execution.Running;

/// <summary>
/// A hand-over of work from one thread to another that ThreadSanitizer must be told about. The executors pass calls
/// between threads with managed semaphores, a spin barrier and volatile flags, which TSan cannot see: without these
/// annotations it reports the library's memory touched by setup on one thread and by the program on another as a
/// race. <see cref="Release"/> on the giving side and <see cref="Acquire"/> on the taking side give TSan the
/// happens-before edge that is really there. They call <c>__tsan_release</c>/<c>__tsan_acquire</c> when the TSan
/// runtime is preloaded, and do nothing otherwise.
/// </summary>
/// <remarks>Use one hand-over per direction (main thread to program threads, and back): program threads never
/// acquire each other's releases, so TSan still sees their calls in one repetition as concurrent.</remarks>
public sealed unsafe class HandOver : IDisposable
{
    static readonly delegate* unmanaged<nint, void> TsanAcquire = Export("__tsan_acquire");
    static readonly delegate* unmanaged<nint, void> TsanRelease = Export("__tsan_release");

    /// <summary>Whether the TSan runtime is in this process (the annotations do something).</summary>
    public static bool Active => TsanAcquire != null && TsanRelease != null;

    // TSan keys its synchronization by address: any unique address will do, and native memory does not move.
    readonly nint token = Active ? (nint)NativeMemory.Alloc(1) : 0;

    public void Release()
    {
        if (token != 0) TsanRelease(token);
    }

    public void Acquire()
    {
        if (token != 0) TsanAcquire(token);
    }

    public void Dispose()
    {
        if (token != 0) NativeMemory.Free((void*)token);
    }

    static delegate* unmanaged<nint, void> Export(string name) =>
        NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), name, out var address)
            ? (delegate* unmanaged<nint, void>)address
            : null;
}
