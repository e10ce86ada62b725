using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Stampede.Bindgen;
using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>The project's own sample library kvstore: inference on its header, and the interception point.</summary>
[NonParallelizable] // attaches the process-wide interceptor
public sealed class SampleBindingTests
{
    private static GeneratedLibrary _kv = null!;

    [OneTimeSetUp]
    public void Generate() => _kv = GeneratedLibrary.Build(new BindgenOptions(
        [RepositoryPaths.SampleHeader("kvstore")], RepositoryPaths.SampleLibrary("kvstore"), Prefixes: ["kv_"]));

    [Test]
    public void KvStoreResourceRolesAndConstantsAreInferred()
    {
        var store = _kv.Model.Resource("kv_store")!;
        var get = _kv.Function("kv_get");
        Assert.Multiple(() =>
        {
            Assert.That(store.Producers, Is.EqualTo(new[] { new ResourceProducer("kv_open", "returns") }));
            Assert.That(store.Destructors, Is.EqualTo(new[] { "kv_close" }), "kv_delete takes a key too, so it is not a destructor");
            Assert.That(store.Consumers, Does.Contain("kv_delete").And.Contain("kv_count"));
            Assert.That(get.Parameters.Select(p => p.Role), Is.EqualTo(new[]
                { ParameterRole.HandleIn, ParameterRole.StringIn, ParameterRole.BufferOut, ParameterRole.Length }));
            Assert.That(get.Parameters[2].LengthParameter, Is.EqualTo(3));
            Assert.That(get.Returns.Role, Is.EqualTo(ReturnRole.Status));
            Assert.That(get.Returns.Enum, Is.EqualTo("kv_status"));
            Assert.That(_kv.Function("kv_name").Returns.Role, Is.EqualTo(ReturnRole.StringToCopy));
            Assert.That(_kv.Model.Constants, Does.Contain(new ApiConstant("KV_MAX_KEY", "int", "64")));
        });
    }

    [Test]
    public void PutGetThroughTheDispatcher()
    {
        using var name = new NativeString("t");
        using var key = new NativeString("k");
        using var value = new NativeString("v1");
        var buffer = Marshal.AllocHGlobal(16);
        var store = _kv.Call("kv_open", name.Slot);
        try
        {
            Assert.That(_kv.Call("kv_put", store, key.Slot, value.Slot), Is.EqualTo(0));
            Assert.That(_kv.Call("kv_get", store, key.Slot, buffer, 16), Is.EqualTo(0));
            Assert.That(Marshal.PtrToStringUTF8(buffer), Is.EqualTo("v1"));
        }
        finally
        {
            _kv.Call("kv_close", store);
            Marshal.FreeHGlobal(buffer);
        }
    }

    [Test]
    public void AnAttachedInterceptorSeesEveryCallWithItsArgumentsResultAndThread()
    {
        var recorder = new Recorder();
        using var name = new NativeString("t");
        CallInterception.Interceptor = recorder;
        try
        {
            var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                var store = _kv.Call("kv_open", name.Slot);
                _kv.Call("kv_count", store);
                _kv.Call("kv_close", store);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        finally { CallInterception.Interceptor = null; }

        var open = _kv.Function("kv_open").Index;
        var count = _kv.Function("kv_count").Index;
        var events = recorder.Events.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(events, Has.Count.EqualTo(12));
            Assert.That(events.Select(e => e.Thread).Distinct().Count(), Is.EqualTo(2));
            Assert.That(events.Where(e => e.Kind == "enter" && e.Function == open).Select(e => e.Value), Is.All.EqualTo(name.Slot));
            Assert.That(events.Where(e => e.Kind == "exit" && e.Function == count).Select(e => e.Value), Is.All.EqualTo(0));
            foreach (var thread in events.GroupBy(e => e.Thread))
                Assert.That(thread.Select(e => $"{e.Kind}:{e.Function}"), Is.EqualTo(new[]
                    { $"enter:{open}", $"exit:{open}", $"enter:{count}", $"exit:{count}", $"enter:{open + 1}", $"exit:{open + 1}" }));
        });
    }

    private sealed record Event(string Kind, int Function, long Value, int Thread);

    private sealed class Recorder : ICallInterceptor
    {
        public ConcurrentQueue<Event> Events { get; } = new();

        public void Enter(int functionIndex, ReadOnlySpan<long> arguments) =>
            Events.Enqueue(new Event("enter", functionIndex, arguments.Length > 0 ? arguments[0] : 0, Environment.CurrentManagedThreadId));

        public void Exit(int functionIndex, long result) =>
            Events.Enqueue(new Event("exit", functionIndex, result, Environment.CurrentManagedThreadId));
    }
}
