using System.IO.MemoryMappedFiles;

namespace Stampede.Worker.Afl;

/// <summary>
/// How many inputs an AFL++ instance's target ran: one 64-bit count in a small shared file, which every target process
/// of the instance increments (SharpFuzz restarts the target after each crash) and the campaign reads for its progress
/// lines — AFL++ itself writes its stats only now and then when it has no terminal.
/// </summary>
public sealed class ExecutionCounter : IDisposable
{
    public const string FileName = "stampede-executions";

    readonly MemoryMappedFile file;
    readonly MemoryMappedViewAccessor view;

    ExecutionCounter(MemoryMappedFile file, MemoryMappedViewAccessor view) => (this.file, this.view) = (file, view);

    public static ExecutionCounter Open(string path)
    {
        using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
            if (stream.Length < sizeof(long)) stream.SetLength(sizeof(long));
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, sizeof(long), MemoryMappedFileAccess.ReadWrite);
        return new ExecutionCounter(file, file.CreateViewAccessor(0, sizeof(long)));
    }

    public unsafe void Increment()
    {
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try { Interlocked.Increment(ref *(long*)start); }
        finally { view.SafeMemoryMappedViewHandle.ReleasePointer(); }
    }

    /// <summary>The count in <paramref name="path"/>, 0 when there is none yet.</summary>
    public static long Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Span<byte> bytes = stackalloc byte[sizeof(long)];
            return stream.Read(bytes) == sizeof(long) ? BitConverter.ToInt64(bytes) : 0;
        }
        catch (IOException) { return 0; }
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }
}
