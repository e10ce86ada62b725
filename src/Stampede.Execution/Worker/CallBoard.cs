using System.IO.MemoryMappedFiles;

namespace Stampede.Execution.Worker;

/// <summary>
/// Which call each thread of a worker is in, published in a memory-mapped file that outlives the worker. When a
/// native crash or the watchdog kills the worker, the supervisor reads the board and reports which thread was
/// inside which native call, without a debugger. Writing a slot is four plain stores to shared memory.
/// </summary>
public sealed unsafe class CallBoard : IDisposable
{
    public const int MaxThreads = 64;
    const int SlotSize = 32; // Repetition, Position, Function, State (4 x int), Start (long), OsThreadId (int), padding
    const int HeaderSize = 16; // magic, version, program sequence number (long)
    const int Magic = 0x53544d50; // "STMP"

    readonly MemoryMappedFile file;
    readonly MemoryMappedViewAccessor view;
    readonly byte* baseAddress;

    public enum SlotState { Idle = 0, InCall = 1, Done = 2 }

    /// <summary>A thread's slot. <see cref="OsThreadId"/> matches the thread to the ones a debugger lists.</summary>
    public readonly record struct Slot(
        int Thread, int OsThreadId, int Repetition, int Position, int Function, SlotState State, long Start);

    CallBoard(string path, bool create)
    {
        long size = HeaderSize + MaxThreads * SlotSize;
        file = create
            ? MemoryMappedFile.CreateFromFile(path, FileMode.Create, null, size)
            : MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        view = file.CreateViewAccessor(0, size, create ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read);
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref baseAddress);
        if (create) *(int*)baseAddress = Magic;
    }

    /// <summary>Creates (or truncates) the board a worker writes.</summary>
    public static CallBoard Create(string path) => new(path, create: true);

    /// <summary>Opens a board for reading, typically after its worker died; null when there is no whole board there
    /// (the worker died before it wrote one, or while the file was being created).</summary>
    public static CallBoard? TryOpen(string path)
    {
        try
        {
            if (new FileInfo(path) is not { Exists: true, Length: >= HeaderSize + MaxThreads * SlotSize }) return null;
            var board = new CallBoard(path, create: false);
            if (board.IsValid) return board;
            board.Dispose();
            return null;
        }
        catch (IOException) { return null; }
    }

    /// <summary>The supervisor's sequence number of the program being run.</summary>
    public long Program
    {
        get => Volatile.Read(ref *(long*)(baseAddress + 8));
        set => Volatile.Write(ref *(long*)(baseAddress + 8), value);
    }

    int* SlotAt(int thread) => (int*)(baseAddress + HeaderSize + thread * SlotSize);

    /// <summary>Says which OS thread runs program thread <paramref name="thread"/> (the stress executor's and the
    /// reference runs' threads take turns), so that a crashing OS thread is matched to its program thread.</summary>
    public void Register(int thread, int osThreadId) => SlotAt(thread)[6] = osThreadId;

    public void Enter(int thread, int repetition, int position, int function, long start)
    {
        int* slot = SlotAt(thread);
        slot[0] = repetition;
        slot[1] = position;
        slot[2] = function;
        *(long*)(slot + 4) = start;
        Volatile.Write(ref slot[3], (int)SlotState.InCall);
    }

    public void Exit(int thread) => Volatile.Write(ref SlotAt(thread)[3], (int)SlotState.Idle);

    public void Finish(int thread) => Volatile.Write(ref SlotAt(thread)[3], (int)SlotState.Done);

    /// <summary>Resets the slots for a new repetition, keeping each thread's registered OS id.</summary>
    public void Clear(int threads)
    {
        for (int t = 0; t < threads; t++) new Span<int>(SlotAt(t), 6).Clear();
    }

    public Slot Read(int thread)
    {
        int* slot = SlotAt(thread);
        return new Slot(thread, slot[6], slot[0], slot[1], slot[2], (SlotState)Volatile.Read(ref slot[3]), *(long*)(slot + 4));
    }

    public bool IsValid => *(int*)baseAddress == Magic;

    public void Dispose()
    {
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
    }
}
