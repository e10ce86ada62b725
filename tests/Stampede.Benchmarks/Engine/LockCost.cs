using System.Diagnostics;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Instances;
using Stampede.Harnesses;
using Stampede.Harnesses.SafeLayer;
using Stampede.Model.Contracts;

namespace Stampede.Benchmarks.Engine;

/// <summary>Throughput of one library's call mix at one thread count (calls per second, all threads together) through
/// the raw bindings, the contract-driven safe layer and the global-lock layer: each the median of the rounds.
/// <see cref="SharedHandleLocks"/>: the threads whose handle lock another thread also took (<see cref="HandleLockSharing"/>),
/// null when the mix takes no handle lock.</summary>
public sealed record LockCostRow(string Library, int Threads, double Raw, double Contract, double Global, int? SharedHandleLocks);

/// <summary>What the locks part measured: the rows; per library, its mix as the table's text gives it and the contract
/// layer's locks over all its functions ("5 none, 4 handle, 2 group").</summary>
public sealed record LockCostResults(
    IReadOnlyList<LockCostRow> Rows, IReadOnlyDictionary<string, string> Mixes, IReadOnlyDictionary<string, string> Plans, TimeSpan PerMeasurement);

/// <summary>
/// The locks part (what contract-driven locks cost): per sample library, its <see cref="LockMix"/> run from 1,
/// 2, 4 and 8 threads through three dispatchers bound to one loaded instance of the library: the harness's own (raw
/// bindings, no lock), the safe layer built from the ground truth's contracts (<see cref="Locking.Contract"/>), and
/// the one built with a lock around every call (<see cref="Locking.Global"/>). The three are measured one after
/// another at each thread count and their order turns each round, so a slower stretch of a shared machine falls on
/// each in turn; each figure is the median of the rounds.
/// </summary>
public static class LockCost
{
    public static readonly int[] ThreadCounts = [1, 2, 4, 8];
    public static readonly string[] Dispatchers = ["raw", "contract", "global"];
    const int Rounds = 3;

    public static LockCostResults Measure(
        Contracts truth, IReadOnlyList<string> libraries, Func<string, string> harnessOf, TimeSpan perMeasurement, Action<string> log)
    {
        var rows = new List<LockCostRow>();
        var mixes = new Dictionary<string, string>();
        var plans = new Dictionary<string, string>();
        foreach (var library in libraries)
        {
            var raw = Harness.Open(harnessOf(library));
            // The safe layers are written beside copies of the harness, never into the repository's harnesses/.
            string scratch = Directory.CreateTempSubdirectory("stampede-bench-locks-").FullName;
            try
            {
                var contracts = ContractsOf(truth, library, raw.Model.Library);
                var contract = SafeHarness.Write(raw, contracts, Locking.Contract, Path.Combine(scratch, "contract"), "native/samples/contracts.json");
                var plan = LockPlan.For(raw.Model, contracts, Locking.Contract);
                plans[library] = string.Join(", ", plan.GroupBy(l => l.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
                var handleLocked = plan.Where(l => l.Kind == LockKind.Handle).Select(l => l.Index).ToHashSet();
                var global = SafeHarness.Write(raw, null, Locking.Global, Path.Combine(scratch, "global"), "one global lock");
                // One instance for all three: the same native code and state, only the locks around it differ.
                using var instance = LibraryInstance.Load(raw.LibraryPath);
                INativeDispatcher[] dispatchers = [raw.Dispatcher, contract.Dispatcher, global.Dispatcher];
                foreach (var d in dispatchers) d.Bind(instance.Export);
                var mix = LockMix.For(library, raw.Model);
                mixes[library] = mix.Description;
                mix.Prepare(raw.Dispatcher);
                // Warm-up: the mix's loop and each dispatcher compiled to their final tier before the first figure.
                foreach (var d in dispatchers) Rate(mix, d, 1, TimeSpan.FromMilliseconds(200));
                foreach (int threads in ThreadCounts)
                {
                    var samples = Dispatchers.Select(_ => new List<double>()).ToArray();
                    for (int round = 0; round < Rounds; round++)
                        for (int k = 0; k < dispatchers.Length; k++)
                        {
                            int m = (k + round) % dispatchers.Length;
                            samples[m].Add(Rate(mix, dispatchers[m], threads, perMeasurement));
                        }
                    int? shared = HandleLockSharing.Measure(mix, (IGuardedDispatcher)contract.Dispatcher, handleLocked, threads);
                    var row = new LockCostRow(library, threads, Stats.Median(samples[0]), Stats.Median(samples[1]), Stats.Median(samples[2]), shared);
                    log($"locks: {library} {threads} thread(s): raw {row.Raw:N0}, contract {row.Contract:N0} ({row.Contract / row.Raw:F2}), " +
                        $"global {row.Global:N0} ({row.Global / row.Raw:F2}) calls/s" + (shared is { } n ? $"; {n} thread(s) shared a handle lock" : ""));
                    rows.Add(row);
                }
                mix.Cleanup(raw.Dispatcher);
            }
            finally { Directory.Delete(scratch, recursive: true); }
        }
        return new LockCostResults(rows, mixes, plans, perMeasurement);
    }

    /// <summary>Calls per second of <paramref name="threads"/> threads running the mix through <paramref name="d"/>,
    /// from the moment all have set up to the moment they are told to stop.</summary>
    internal static double Rate(LockMix mix, INativeDispatcher d, int threads, TimeSpan duration)
    {
        long total = 0;
        bool stop = false;
        using var ready = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            long calls = mix.Run(d, t, () => ready.SignalAndWait(), () => Volatile.Read(ref stop));
            Interlocked.Add(ref total, calls);
        })).ToArray();
        foreach (var w in workers) w.Start();
        ready.SignalAndWait();
        var clock = Stopwatch.StartNew();
        Thread.Sleep(duration);
        Volatile.Write(ref stop, true);
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (var w in workers) w.Join();
        return total / seconds;
    }

    /// <summary>The ground truth's contracts of <paramref name="library"/>, under the name its harness binds
    /// (<c>libkvstore.so</c>), as <c>classify</c> would write them.</summary>
    static LibraryContracts ContractsOf(Contracts truth, string library, string boundName)
    {
        var tried = new ContractTried(0, 0, []);
        return new LibraryContracts(LibraryContracts.CurrentSchemaVersion, boundName,
            truth.FunctionContracts(library).ToDictionary(f => f.Key, f => new FunctionContract(f.Value.Contract switch
            {
                "mt-safe" => ThreadSafety.MtSafe,
                "safe-on-distinct-handles" => ThreadSafety.SafeOnDistinctHandles,
                "mt-unsafe" => ThreadSafety.MtUnsafe,
                var other => throw new InvalidDataException($"contracts.json: {library}.{f.Key} has contract {other}"),
            }, f.Value.Group, [], [], tried)));
    }
}
