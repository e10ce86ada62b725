using System.Runtime.InteropServices;
using Stampede.Execution.Worker;

namespace Stampede.Tests.Execution;

/// <summary>
/// <see cref="LockCycle"/> on real glibc mutexes in this process: threads that lock two mutexes in opposite orders (or
/// one mutex twice) are a cycle; a thread that waits for a mutex whose owner merely takes its time is not. The
/// deadlocked threads of these tests stay blocked until the test process exits (background threads, in native code).
/// </summary>
[TestFixture]
public unsafe class LockCycleTests
{
    [DllImport("libc", EntryPoint = "pthread_mutex_init")] static extern int MutexInit(void* mutex, void* attributes);
    [DllImport("libc", EntryPoint = "pthread_mutex_lock")] static extern int Lock(void* mutex);
    [DllImport("libc", EntryPoint = "pthread_mutex_unlock")] static extern int Unlock(void* mutex);
    [DllImport("libc", EntryPoint = "gettid")] static extern int GetTid();

    const int MutexSize = 64; // at least sizeof(pthread_mutex_t) on every 64-bit glibc ABI

    static void* NewMutex()
    {
        void* mutex = NativeMemory.AllocZeroed(MutexSize); // never freed: a deadlocked test's threads keep using it
        Assert.That(MutexInit(mutex, null), Is.Zero);
        return mutex;
    }

    /// <summary>Starts a background thread running <paramref name="body"/>; returns its kernel id once it has started.</summary>
    static int Start(Action body)
    {
        int tid = 0;
        using var started = new ManualResetEventSlim();
        new Thread(() =>
        {
            Volatile.Write(ref tid, GetTid());
            started.Set();
            body();
        }) { IsBackground = true }.Start();
        started.Wait();
        return tid;
    }

    static int[]? ConfirmedWithin(int[] threads, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (LockCycle.Confirmed(threads) is { } cycle) return cycle;
            Thread.Sleep(20);
        }
        return null;
    }

    [Test]
    public void Two_threads_locking_two_mutexes_in_opposite_orders_are_a_cycle()
    {
        void* first = NewMutex(), second = NewMutex();
        using var bothHoldOne = new Barrier(2);
        int a = Start(() => { Lock(first); bothHoldOne.SignalAndWait(); Lock(second); });
        int b = Start(() => { Lock(second); bothHoldOne.SignalAndWait(); Lock(first); });
        // An unrelated thread beside them (not started: 0) does not matter.
        Assert.That(ConfirmedWithin([0, a, b], TimeSpan.FromSeconds(10)), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void A_thread_locking_its_own_mutex_again_is_a_cycle_of_one()
    {
        void* mutex = NewMutex();
        int a = Start(() => { Lock(mutex); Lock(mutex); });
        Assert.That(ConfirmedWithin([a], TimeSpan.FromSeconds(10)), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void A_thread_waiting_for_a_mutex_held_by_a_busy_thread_is_no_cycle()
    {
        void* mutex = NewMutex();
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int owner = Start(() => { Lock(mutex); held.Set(); release.Wait(); Unlock(mutex); });
        held.Wait();
        using var acquired = new ManualResetEventSlim();
        int waiter = Start(() => { Lock(mutex); Unlock(mutex); acquired.Set(); });
        try
        {
            Thread.Sleep(200); // the waiter is in its futex wait by now
            Assert.That(LockCycle.Probe([owner, waiter]), Is.Null);
            Assert.That(LockCycle.Confirmed([owner, waiter]), Is.Null);
            Assert.That(acquired.IsSet, Is.False, "the waiter should still be waiting: the test did not test a wait");
        }
        finally { release.Set(); }
        Assert.That(acquired.Wait(TimeSpan.FromSeconds(10)), Is.True);
    }
}
