using System.Collections.Concurrent;
using Stampede.Execution.CallLayer;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// Whether each thread's own handles got a lock of their own in the contract layer. Its handle locks are striped (a
/// handle's address picks one of a fixed set), so distinct handles can share a stripe, and then the threads using them
/// wait on each other as under one lock, though the contract allows them in parallel. A short untimed run of the mix
/// through the contract layer records which thread took which handle lock; the table gives how many threads took a
/// handle lock that another thread also took, which explains a contract column that falls to the global one.
/// </summary>
public static class HandleLockSharing
{
    /// <summary>The threads (of <paramref name="threads"/>) whose handle locks another thread also took; null when the
    /// mix takes no handle lock.</summary>
    /// <param name="handleLocked">api.json indexes of the functions whose lock is their handle's.</param>
    public static int? Measure(LockMix mix, IGuardedDispatcher contract, IReadOnlySet<int> handleLocked, int threads)
    {
        var recorder = new Recorder(contract, handleLocked);
        LockCost.Rate(mix, recorder, threads, TimeSpan.FromMilliseconds(50));
        if (recorder.ThreadsByLock.IsEmpty) return null;
        return recorder.ThreadsByLock.Values.Where(t => t.Count > 1).SelectMany(t => t.Keys).Distinct().Count();
    }

    /// <summary>The contract layer, noting for each handle lock the threads that took it.</summary>
    sealed class Recorder(IGuardedDispatcher inner, IReadOnlySet<int> handleLocked) : INativeDispatcher
    {
        public readonly ConcurrentDictionary<object, ConcurrentDictionary<int, bool>> ThreadsByLock = new(ReferenceEqualityComparer.Instance);

        public string Library => inner.Library;
        public string? LibraryPathRelativeToHarness => inner.LibraryPathRelativeToHarness;
        public IReadOnlyList<string> FunctionNames => inner.FunctionNames;
        public void Bind(Func<string, nint> export) => inner.Bind(export);

        public long Invoke(int functionIndex, ReadOnlySpan<long> arguments)
        {
            using var held = inner.Enter(functionIndex, arguments);
            if (handleLocked.Contains(functionIndex) && held.Lock is { } taken)
                ThreadsByLock.GetOrAdd(taken, _ => new()).TryAdd(Environment.CurrentManagedThreadId, true);
            return inner.Invoke(functionIndex, arguments);
        }
    }
}
