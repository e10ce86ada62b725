using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// svcconf's mix: each thread reads and (every 4th round) writes settings under keys of its own (settings_*: no lock
/// in the layer, the library's reader-writer lock), adds to the statistics and reads their total every 4th round
/// (stats_*: atomics, no lock), and reads one of 8 configuration keys (conf_get: race group config's lock). The
/// configuration is written once before the threads start (<see cref="Prepare"/>) and only read while they run, so
/// conf_get has no writer to race with and the raw bindings run the same mix safely.
/// </summary>
public sealed class SvcconfMix : LockMix
{
    const int ConfKeys = 8, OwnKeys = 4, ValueBytes = 128;
    readonly int confSet, confGet, confUnset, settingsPut, settingsGet, settingsRemove, statsAdd, statsTotal;

    public SvcconfMix(ApiModel model) : base(model) =>
        (confSet, confGet, confUnset, settingsPut, settingsGet, settingsRemove, statsAdd, statsTotal) =
        (Index("conf_set"), Index("conf_get"), Index("conf_unset"), Index("settings_put"), Index("settings_get"),
         Index("settings_remove"), Index("stats_add"), Index("stats_total"));

    public override string Description =>
        "each thread loops `settings_get` and, every 4th round, `settings_put` on 4 keys of its own (no lock in the layer; " +
        "the library's reader-writer lock), `stats_add` and every 4th round `stats_total` (atomics, no lock), and " +
        "`conf_get` of one of 8 keys (race group config's lock) that were `conf_set` before the threads started, so " +
        "nothing writes the configuration while they read it";

    public override void Prepare(INativeDispatcher raw) =>
        Each(ConfKeys, "conf", key => raw.Invoke(confSet, [key.Key, key.Value]));

    public override void Cleanup(INativeDispatcher raw) =>
        Each(ConfKeys, "conf", key => raw.Invoke(confUnset, [key.Key]));

    public override long Run(INativeDispatcher d, int thread, Action ready, Func<bool> stop)
    {
        long[] confKeys = Enumerable.Range(0, ConfKeys).Select(k => Text($"conf-{k}")).ToArray();
        long[] ownKeys = Enumerable.Range(0, OwnKeys).Select(k => Text($"t{thread}-{k}")).ToArray();
        long value = Text($"value of thread {thread}"), buffer = Buffer(ValueBytes);
        foreach (long key in ownKeys) d.Invoke(settingsPut, [key, value]);
        ready();
        long calls = 0;
        for (int i = 0; !stop(); i++)
        {
            d.Invoke(settingsGet, [ownKeys[i % OwnKeys], buffer, ValueBytes]);
            d.Invoke(statsAdd, [i & 0xff]);
            d.Invoke(confGet, [confKeys[i % ConfKeys], buffer, ValueBytes]);
            calls += 3;
            if (i % 4 == 0)
            {
                d.Invoke(settingsPut, [ownKeys[(i / 4) % OwnKeys], value]);
                d.Invoke(statsTotal, []);
                calls += 2;
            }
        }
        foreach (long key in ownKeys) d.Invoke(settingsRemove, [key]);
        Free([value, buffer, .. confKeys, .. ownKeys]);
        return calls;
    }

    /// <summary>Calls <paramref name="call"/> with each of <paramref name="count"/> keys "PREFIX-k" and a value, in native
    /// memory freed afterwards.</summary>
    static void Each(int count, string prefix, Action<(long Key, long Value)> call)
    {
        for (int k = 0; k < count; k++)
        {
            long key = Text($"{prefix}-{k}"), value = Text($"value {k}");
            call((key, value));
            Free(key, value);
        }
    }
}
