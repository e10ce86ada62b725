using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// kvstore's mix: each thread opens a store of its own and loops kv_put / kv_get / kv_count on it (the store's lock)
/// over 8 keys, with kv_errno (no lock) every 4th round and kv_report (race group kv_verbose's lock) every 8th.
/// Verbose reports are never switched on (no kv_tune), so kv_report only formats its own store's line: nothing is
/// shared and the raw bindings run the same mix safely.
/// </summary>
public sealed class KvstoreMix : LockMix
{
    const int Keys = 8, ValueBytes = 64, ReportBytes = 96;
    readonly int open, close, put, get, count, errno, report;

    public KvstoreMix(ApiModel model) : base(model) =>
        (open, close, put, get, count, errno, report) =
        (Index("kv_open"), Index("kv_close"), Index("kv_put"), Index("kv_get"), Index("kv_count"), Index("kv_errno"), Index("kv_report"));

    public override string Description =>
        "each thread opens its own store and loops `kv_put`, `kv_get`, `kv_count` on it over 8 keys (handle lock; a put " +
        "to a key already there replaces its value), `kv_errno` every 4th round (no lock) and `kv_report` every 8th " +
        "(race group kv_verbose's lock; verbose reports stay off, so it only formats the thread's own store)";

    public override long Run(INativeDispatcher d, int thread, Action ready, Func<bool> stop)
    {
        long name = Text($"bench-{thread}");
        long[] keys = Enumerable.Range(0, Keys).Select(k => Text($"key-{k}")).ToArray();
        long[] values = [Text("a value"), Text("another value")];
        long buffer = Buffer(ReportBytes);
        long store = d.Invoke(open, [name]);
        if (store == 0) throw new InvalidOperationException("kv_open failed");
        ready();
        long calls = 0;
        for (int i = 0; !stop(); i++)
        {
            d.Invoke(put, [store, keys[i % Keys], values[(i / Keys) & 1]]);
            d.Invoke(get, [store, keys[(i + 3) % Keys], buffer, ValueBytes]);
            d.Invoke(count, [store]);
            calls += 3;
            if (i % 4 == 0) { d.Invoke(errno, []); calls++; }
            if (i % 8 == 0) { d.Invoke(report, [store, buffer, ReportBytes]); calls++; }
        }
        d.Invoke(close, [store]);
        Free([name, buffer, .. keys, .. values]);
        return calls;
    }
}
