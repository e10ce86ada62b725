using Stampede.Execution.Instances;

namespace Stampede.Execution.Systematic;

/// <summary>
/// The API of the scheduling runtime (native/schedrt/schedrt.h) as function pointers into the copy
/// <see cref="ScheduleRuntime"/> loaded: the same copy the schedule build's hooks resolved to, so the host and the
/// library talk to one scheduler. Exists only once a schedule build was loaded in the process.
/// </summary>
public sealed unsafe class NativeScheduler
{
    public const int Completed = 0, Deadlock = 1, Diverged = 2;

    readonly delegate* unmanaged<int, int, ulong, int, ulong, byte*, nuint, int> begin;
    readonly delegate* unmanaged<int, int> enter;
    readonly delegate* unmanaged<void> exit;
    readonly delegate* unmanaged<void> point;
    readonly delegate* unmanaged<int> end;
    readonly delegate* unmanaged<byte*, nuint, nuint> trace;
    readonly delegate* unmanaged<byte*, nuint, nuint> describe;
    readonly delegate* unmanaged<ulong> points, decisions;
    readonly delegate* unmanaged<int, void> traceTo;

    NativeScheduler(nint runtime)
    {
        nint Export(string name) => System.Runtime.InteropServices.NativeLibrary.GetExport(runtime, name);
        begin = (delegate* unmanaged<int, int, ulong, int, ulong, byte*, nuint, int>)Export("stampede_sched_begin");
        enter = (delegate* unmanaged<int, int>)Export("stampede_sched_thread_enter");
        exit = (delegate* unmanaged<void>)Export("stampede_sched_thread_exit");
        point = (delegate* unmanaged<void>)Export("stampede_sched_point");
        end = (delegate* unmanaged<int>)Export("stampede_sched_end");
        trace = (delegate* unmanaged<byte*, nuint, nuint>)Export("stampede_sched_trace");
        describe = (delegate* unmanaged<byte*, nuint, nuint>)Export("stampede_sched_describe");
        points = (delegate* unmanaged<ulong>)Export("stampede_sched_points");
        decisions = (delegate* unmanaged<ulong>)Export("stampede_sched_decisions");
        traceTo = (delegate* unmanaged<int, void>)Export("stampede_sched_trace_fd");
    }

    static NativeScheduler? loaded;

    /// <summary>The runtime's API, or null when no schedule build was loaded in this process.</summary>
    public static NativeScheduler? Current =>
        ScheduleRuntime.Handle is var runtime and not 0 ? loaded ??= new NativeScheduler(runtime) : null;

    /// <summary>Starts a run of <paramref name="threads"/> program threads; <paramref name="pctSteps"/> is PCT's k.
    /// False when the runtime refused it (a run already active, a malformed replay trace).</summary>
    public bool Begin(int threads, NativeStrategy strategy, ulong pctSteps, ReadOnlySpan<byte> replay)
    {
        fixed (byte* r = replay)
            return begin(threads, (int)strategy.Kind, strategy.Seed, strategy.Param, pctSteps, replay.IsEmpty ? null : r, (nuint)replay.Length) == 0;
    }

    /// <summary>Makes the following runs append their trace to <paramref name="fd"/> as it grows (-1: none).</summary>
    public void TraceTo(int fd) => traceTo(fd);

    public bool Enter(int thread) => enter(thread) == 0;

    public void Exit() => exit();

    /// <summary>A point at a call boundary (the host's own), where the strategy may switch threads.</summary>
    public void Point() => point();

    /// <summary>Waits for the run's end: <see cref="Completed"/>, <see cref="Deadlock"/> or <see cref="Diverged"/>.</summary>
    public int End() => end();

    public byte[] Trace()
    {
        var bytes = new byte[(int)trace(null, 0)];
        fixed (byte* b = bytes) trace(b, (nuint)bytes.Length);
        return bytes;
    }

    public string Describe()
    {
        var bytes = new byte[(int)describe(null, 0) + 1];
        fixed (byte* b = bytes) describe(b, (nuint)bytes.Length);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, bytes.Length - 1);
    }

    public ulong Points => points();

    public ulong Decisions => decisions();
}
