using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stampede.Execution.Worker;

/// <summary>The kernel's id of the calling thread (what gdb shows as LWP), which managed thread ids are not; and the
/// wait for threads to be gone from the kernel.</summary>
public static partial class OsThread
{
    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int CurrentId();

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [LibraryImport("libc", EntryPoint = "sched_getaffinity")]
    private static partial int GetAffinity(int thread, nint size, Span<ulong> mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SetAffinity(int thread, nint size, ReadOnlySpan<ulong> mask);

    /// <summary>The CPUs this process may run on (its affinity, which a container or <c>taskset</c> narrows).</summary>
    public static IReadOnlyList<int> UsableCpus()
    {
        Span<ulong> mask = stackalloc ulong[16];
        if (GetAffinity(0, mask.Length * sizeof(ulong), mask) != 0) return [];
        var cpus = new List<int>();
        for (int i = 0; i < mask.Length * 64; i++)
            if ((mask[i / 64] & (1UL << (i % 64))) != 0) cpus.Add(i);
        return cpus;
    }

    /// <summary>Keeps the calling thread on one CPU; false when the kernel refused.</summary>
    public static bool PinTo(int cpu)
    {
        Span<ulong> mask = stackalloc ulong[16];
        mask.Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        return SetAffinity(0, mask.Length * sizeof(ulong), mask) == 0;
    }

    /// <summary>
    /// Keeps program thread <paramref name="thread"/> on one usable CPU, round robin (nothing when only one is usable).
    /// Left to the scheduler, a woken program thread often lands on the CPU where another spins at the barrier, and runs
    /// its calls only after that one's (measured on 2 cores, 2 threads: 11-13 % of calls overlapped another thread's,
    /// pinned 59-60 %).
    /// </summary>
    public static void PinRoundRobin(int thread)
    {
        var cpus = UsableCpus();
        if (cpus.Count > 1) PinTo(cpus[thread % cpus.Count]);
    }

    /// <summary>The CPU time the calling thread has used, in nanoseconds: what it ran, not what it waited for (a lock,
    /// the scheduler's next turn).</summary>
    public static long CpuNanoseconds() =>
        ClockGetTime(ThreadCpuClock, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : 0;

    /// <summary>How long an executor waits for its threads to be gone (<see cref="WaitUntilGone"/>): an exit takes
    /// microseconds, more on a loaded machine; a thread still there after this is left to the process.</summary>
    public static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(1);

    /// <summary>Waits, for at most <paramref name="within"/>, until none of the threads <paramref name="ids"/> (kernel ids
    /// of this process's threads; 0 for one that never ran) is left in the kernel. <see cref="Thread.Join()"/> returns once
    /// the managed thread is done, before its OS thread has finished exiting (measured on a loaded two-core machine: 15 of 200
    /// threads were still there right after Join), and the last of that exit is glibc freeing the thread's allocator cache, where it notices
    /// blocks the program damaged (<c>tcache_thread_shutdown(): unaligned tcache chunk detected</c>). A worker that
    /// answered for a program before its threads were gone died of that program's damage while running the next one, and
    /// the crash was blamed on, and its cause looked for in, a program that had nothing to do with it.</summary>
    /// <returns>Whether they were all gone in time.</returns>
    public static bool WaitUntilGone(IEnumerable<int> ids, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        foreach (int id in ids)
            for (int spins = 0; id != 0 && Directory.Exists($"/proc/self/task/{id}"); spins++)
            {
                if (clock.Elapsed > within) return false;
                if (spins < 10) Thread.Yield();
                else Thread.Sleep(1);
            }
        return true;
    }
}
