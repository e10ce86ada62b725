using System.Runtime.InteropServices;
using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// One sample library's hand-written call mix for the locks part: what one thread calls in a loop, on handles and
/// buffers of its own, through whichever dispatcher is being measured. Calls go by api.json index with 64-bit slots
/// (pointers and handles as their values), so one loop runs unchanged through the raw bindings and both safe layers.
/// Each mix touches every lock kind its library has (none, handle, group), and every mix is safe under the raw
/// bindings as well: a group function is only called in a way its group cannot race on (a reader with no writer
/// running, a switch never turned on, an object no other thread sees), so all three columns measure the same calls.
/// </summary>
public abstract class LockMix(ApiModel model)
{
    /// <summary>What a thread calls, for the table's text.</summary>
    public abstract string Description { get; }

    /// <summary>Process-wide state the threads read, made once through the raw bindings before any measurement.</summary>
    public virtual void Prepare(INativeDispatcher raw) { }

    /// <summary>Undoes <see cref="Prepare"/>.</summary>
    public virtual void Cleanup(INativeDispatcher raw) { }

    /// <summary>One thread of a measurement: makes its own handles and buffers, calls <paramref name="ready"/> (the clock
    /// starts once every thread has), calls the mix until <paramref name="stop"/> says so, then releases all it made.
    /// Returns the native calls made in the loop; setup and release are not counted.</summary>
    public abstract long Run(INativeDispatcher d, int thread, Action ready, Func<bool> stop);

    protected int Index(string function) =>
        model.Function(function)?.Index ?? throw new InvalidOperationException($"{model.Library} has no function {function}");

    /// <summary>A NUL-terminated copy in native memory; the caller frees it with <see cref="Free"/>.</summary>
    protected static long Text(string text) => Marshal.StringToHGlobalAnsi(text);

    protected static long Buffer(int bytes) => Marshal.AllocHGlobal(bytes);

    protected static void Free(params long[] pointers)
    {
        foreach (long p in pointers) Marshal.FreeHGlobal((nint)p);
    }

    /// <summary>The mix of a sample library (textkit, kvstore, objcache, svcconf).</summary>
    public static LockMix For(string library, ApiModel model) => library switch
    {
        "textkit" => new TextkitMix(model),
        "kvstore" => new KvstoreMix(model),
        "objcache" => new ObjcacheMix(model),
        "svcconf" => new SvcconfMix(model),
        _ => throw new ArgumentException($"the locks part has no call mix for {library}"),
    };
}
