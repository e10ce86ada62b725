using Stampede.Execution.CallLayer;
using Stampede.Execution.Instances;
using Stampede.Execution.Profiling;
using Stampede.Model.Api;

namespace Stampede.Execution.Running;

/// <summary>
/// The library under test as the executors use it: its API model, the harness's dispatcher, and the loaded
/// instance the dispatcher calls into. <see cref="Fresh"/> starts a run from the library's initial state.
/// </summary>
public sealed class NativeTarget(ApiModel model, INativeDispatcher dispatcher, LibraryInstance instance) : IDisposable
{
    public ApiModel Model { get; } = model;
    public INativeDispatcher Dispatcher { get; } = dispatcher;
    public LibraryInstance Instance { get; } = instance;

    bool? reloadsCleanly;

    /// <summary>False once a reload left the old instance mapped: global state then carries over between runs (the C
    /// library, a library the process loaded already, one marked NODELETE). Asked before any reload, it reloads once
    /// to find out: the oracles must know before they calibrate.</summary>
    public bool ReloadsCleanly
    {
        get
        {
            if (reloadsCleanly is null) Fresh();
            return reloadsCleanly!.Value;
        }
    }

    /// <summary>Reloads the library and points the dispatcher at the new instance.</summary>
    public void Fresh()
    {
        using var measured = PhaseClock.Measure(WorkPhase.Reload);
        reloadsCleanly = Instance.Reload() && (reloadsCleanly ?? true);
        Dispatcher.Bind(Instance.Export);
    }

    public void Dispose() => Instance.Dispose();
}
