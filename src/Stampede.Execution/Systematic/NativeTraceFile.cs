using System.Runtime.InteropServices;

namespace Stampede.Execution.Systematic;

/// <summary>
/// The file the scheduling runtime appends each run's trace to as it grows (<c>stampede_sched_trace_fd</c>), emptied
/// before every iteration: a crash kills the worker before it can answer, and this file then holds the trace of the
/// iteration that crashed, up to its last switch; replayed with no strategy after it (the running thread goes on), it
/// makes the same crash (schedrt.h). Opened for appending, so that a write after the emptying lands at its start.
/// </summary>
public sealed partial class NativeTraceFile : IDisposable
{
    const int WriteOnly = 0x1, Create = 0x40, Truncate = 0x200, Append = 0x400; // O_WRONLY, O_CREAT, O_TRUNC, O_APPEND (Linux)

    readonly int descriptor;

    public string Path { get; }

    public NativeTraceFile(string path)
    {
        Path = path;
        descriptor = Open(path, WriteOnly | Create | Truncate | Append, Convert.ToInt32("644", 8));
        if (descriptor < 0) throw new IOException($"{path}: cannot open the schedule trace file (errno {Marshal.GetLastPInvokeError()})");
    }

    public int Descriptor => descriptor;

    /// <summary>Empties the file for the next iteration.</summary>
    public void Clear()
    {
        if (Truncated(descriptor, 0) != 0) throw new IOException($"{Path}: cannot empty the schedule trace file (errno {Marshal.GetLastPInvokeError()})");
    }

    public void Dispose() => Close(descriptor);

    /// <summary>The trace a worker that died left in <paramref name="path"/>, or null when there is none (no file, or
    /// empty: the worker died outside a run).</summary>
    public static byte[]? Left(string path) =>
        File.Exists(path) && File.ReadAllBytes(path) is { Length: > 0 } bytes && bytes[0] == (byte)'S' ? bytes : null;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Truncated(int fd, long length);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
