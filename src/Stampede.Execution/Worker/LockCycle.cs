using System.Globalization;
using System.Runtime.InteropServices;

namespace Stampede.Execution.Worker;

/// <summary>
/// Finds a deadlock among a program's threads from inside the worker, without waiting for the hang limit: every thread of
/// a cycle sleeps in glibc's mutex wait (an untimed futex wait on the mutex's lock word, read from the kernel's
/// <c>/proc/self/task/TID/syscall</c>) on a mutex whose owner (the third word of glibc's <c>struct __pthread_mutex_s</c>:
/// __lock, __count, __owner, as <c>NativeStacks</c> reads it under gdb) is the next thread of the cycle. Such threads
/// can never wake: each waits for a lock only another waiting thread can release. Two probes
/// <see cref="ConfirmInterval"/> apart must see the same cycle, so that a reading taken while a lock changed hands is
/// not one. Anything else (a spin lock, a reader-writer lock, a wait on a condition) is left to the hang limit.
/// </summary>
public static class LockCycle
{
    /// <summary>How long a repetition (or a hammer thread's call) must have been running before its threads are probed:
    /// no probe is made while the program runs normally.</summary>
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromMilliseconds(100);

    /// <summary>The time between the two probes that must agree.</summary>
    public static readonly TimeSpan ConfirmInterval = TimeSpan.FromMilliseconds(50);

    const int FutexWait = 0, FutexWaitBitset = 9, FutexCommandMask = 0x7f; // without FUTEX_PRIVATE_FLAG and the clock flag
    const int OwnerOffset = 8; // __owner's offset in struct __pthread_mutex_s (both 64-bit ABIs glibc has here)

    static readonly long FutexSyscall = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        _ => -1,
    };

    /// <summary>The program threads (indexes into <paramref name="osThreads"/>) of a deadlock's cycle, seen by two probes
    /// that agree, in thread order; null when there is none. <paramref name="osThreads"/>: each program thread's kernel id
    /// (0 for one not started).</summary>
    public static int[]? Confirmed(IReadOnlyList<int> osThreads)
    {
        if (Probe(osThreads) is not { } first) return null;
        Thread.Sleep(ConfirmInterval);
        return Probe(osThreads) is { } second && first.SequenceEqual(second) ? first : null;
    }

    /// <summary>One probe: the threads of a cycle of mutex waits, or null.</summary>
    public static int[]? Probe(IReadOnlyList<int> osThreads)
    {
        if (FutexSyscall < 0) return null;
        var index = new Dictionary<int, int>();
        for (int t = 0; t < osThreads.Count; t++)
            if (osThreads[t] != 0) index.TryAdd(osThreads[t], t);
        // Which program thread each waiting one waits for.
        var waitsFor = new int?[osThreads.Count];
        using var memory = OpenOwnMemory();
        if (memory is null) return null;
        foreach (var (tid, t) in index)
            if (MutexWait(tid) is { } lockWord && ReadInt(memory, lockWord + OwnerOffset) is { } owner && index.TryGetValue(owner, out int holder))
                waitsFor[t] = holder;
        // Follow the waits from each thread: a walk that comes back to a thread it passed is a cycle.
        for (int start = 0; start < waitsFor.Length; start++)
        {
            var path = new List<int>();
            int? at = start;
            while (at is int t && !path.Contains(t))
            {
                path.Add(t);
                at = waitsFor[t];
            }
            if (at is int back) return [.. path[path.IndexOf(back)..].Order()];
        }
        return null;
    }

    /// <summary>The address of the lock word thread <paramref name="tid"/> sleeps on in an untimed futex wait, or null
    /// when it is running or in any other system call.</summary>
    static long? MutexWait(int tid)
    {
        string line;
        try { line = File.ReadAllText($"/proc/self/task/{tid}/syscall").Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; } // gone, or not ours to read
        // "NR arg1 arg2 arg3 arg4 arg5 arg6 sp pc" while in a system call; "running" or "-1 sp pc" otherwise.
        var fields = line.Split(' ');
        if (fields.Length < 7 || !long.TryParse(fields[0], out long nr) || nr != FutexSyscall) return null;
        if (Hex(fields[1]) is not { } address || Hex(fields[2]) is not { } op || Hex(fields[4]) is not { } timeout) return null;
        long command = op & FutexCommandMask;
        return (command is FutexWait or FutexWaitBitset) && timeout == 0 && address != 0 ? address : null;
    }

    static long? Hex(string field) =>
        field.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(field.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long v)
            ? v : null;

    /// <summary>The process's own memory as a file: a read at an address that is not mapped fails instead of faulting.</summary>
    static FileStream? OpenOwnMemory()
    {
        try { return new FileStream("/proc/self/mem", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    static int? ReadInt(FileStream memory, long address)
    {
        Span<byte> bytes = stackalloc byte[4];
        try
        {
            memory.Position = address;
            return memory.Read(bytes) == 4 ? BitConverter.ToInt32(bytes) : null;
        }
        catch (Exception e) when (e is IOException or ArgumentOutOfRangeException) { return null; }
    }
}
