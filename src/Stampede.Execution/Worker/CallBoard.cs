using System.IO.MemoryMappedFiles;

namespace Stampede.Execution.Worker;

/// <summary>
/// Which call each thread of a worker is in, published in a memory-mapped file that outlives the worker. When a
/// native crash or the watchdog kills the worker, the supervisor reads the board and reports which thread was
/// inside which native call, without a debugger. Writing a slot is four plain stores to shared memory. Each thread also
/// has a row of call times (<see cref="TimedCalls"/> calls: start and end of each call of the repetition, tagged with
/// the repetition), so that a crash's or hang's timeline shows how long each call took, not only which one it was in.
/// </summary>
public sealed unsafe class CallBoard : IDisposable
{
    public const int MaxThreads = 64;
    const int SlotSize = 32; // Repetition, Position, Function, State (4 x int), Start (long), OsThreadId (int), padding
    const int HeaderSize = 16; // magic, version, program sequence number (long)
    const int Magic = 0x53544d50; // "STMP"
    /// <summary>Calls per thread whose times are kept; later calls of a longer thread are shown untimed.</summary>
    public const int TimedCalls = 128;
    const int TimeSize = 24; // Start (long), End (long, 0 while in the call), Repetition (int), padding
    const int TimesOffset = HeaderSize + MaxThreads * SlotSize;
    const long Size = TimesOffset + (long)MaxThreads * TimedCalls * TimeSize;

    readonly MemoryMappedFile file;
    readonly MemoryMappedViewAccessor view;
    readonly byte* baseAddress;

    public enum SlotState { Idle = 0, InCall = 1, Done = 2 }

    /// <summary>A thread's slot. <see cref="OsThreadId"/> matches the thread to the ones a debugger lists.</summary>
    public readonly record struct Slot(
        int Thread, int OsThreadId, int Repetition, int Position, int Function, SlotState State, long Start);

    CallBoard(string path, bool create)
    {
        long size = Size;
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
            if (new FileInfo(path) is not { Exists: true, Length: >= Size }) return null;
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
        if (position < TimedCalls)
        {
            byte* time = TimeAt(thread, position);
            *(long*)time = start;
            *(long*)(time + 8) = 0;
            *(int*)(time + 16) = repetition;
        }
        Volatile.Write(ref slot[3], (int)SlotState.InCall);
    }

    /// <summary>The thread's call returned at <paramref name="end"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public void Exit(int thread, long end)
    {
        int* slot = SlotAt(thread);
        if (slot[1] is var position and >= 0 and < TimedCalls) *(long*)(TimeAt(thread, position) + 8) = end;
        Volatile.Write(ref slot[3], (int)SlotState.Idle);
    }

    byte* TimeAt(int thread, int position) => baseAddress + TimesOffset + ((long)thread * TimedCalls + position) * TimeSize;

    /// <summary>When call <paramref name="position"/> of <paramref name="thread"/> ran in <paramref name="repetition"/>:
    /// its start and, once it returned, its end (Stopwatch timestamps); null when it did not start in that repetition or
    /// is past <see cref="TimedCalls"/>.</summary>
    public (long Start, long? End)? CallTime(int thread, int position, int repetition)
    {
        if (position is < 0 or >= TimedCalls) return null;
        byte* time = TimeAt(thread, position);
        if (*(int*)(time + 16) != repetition || *(long*)time == 0) return null;
        long end = *(long*)(time + 8);
        return (*(long*)time, end == 0 ? null : end);
    }

    public void Finish(int thread) => Volatile.Write(ref SlotAt(thread)[3], (int)SlotState.Done);

    /// <summary>Resets the slots for a new repetition, keeping each thread's registered OS id.</summary>
    public void Clear(int threads)
    {
        for (int t = 0; t < threads; t++)
        {
            new Span<int>(SlotAt(t), 6).Clear();
            *(long*)TimeAt(t, 0) = 0; // a cleared slot says "call 0", which has not started yet
        }
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
