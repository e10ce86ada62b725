using Stampede.Execution.CallLayer;
using Stampede.Execution.Instances;
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

    /// <summary>False once a reload left the old instance mapped: global state then carries over between runs.</summary>
    public bool ReloadsCleanly { get; private set; } = true;

    /// <summary>Reloads the library and points the dispatcher at the new instance.</summary>
    public void Fresh()
    {
        if (!Instance.Reload()) ReloadsCleanly = false;
        Dispatcher.Bind(Instance.Export);
    }

    public void Dispose() => Instance.Dispose();
}
