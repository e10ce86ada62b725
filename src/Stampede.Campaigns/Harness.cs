using Stampede.Bindgen;
using Stampede.Bindgen.Harness;
using Stampede.Bindgen.Verification;
using Stampede.Execution.Observations;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Instances;
using Stampede.Execution.Running;
using Stampede.Model.Api;

namespace Stampede.Campaigns;

/// <summary>
/// A harness directory made by <c>stampede new</c>, opened for running: its API model, its compiled bindings, and the
/// native library file they call. The library is <c>STAMPEDE_NATIVE_LIBRARY</c> when set (a sanitizer build, say),
/// else the file bindgen was given, else the name as the loader finds it.
/// </summary>
public sealed record Harness(
    string Directory, ApiModel Model, INativeDispatcher Dispatcher, string LibraryPath, IReadOnlyList<IHarnessInvariant> Invariants)
{
    public static Harness Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new HarnessException($"harness not found: {directory}");
        string api = Path.Combine(directory, "api.json");
        if (!File.Exists(api)) throw new HarnessException($"{directory}: no api.json (create the harness with stampede new)");
        ApiModel model;
        INativeDispatcher dispatcher;
        IReadOnlyList<IHarnessInvariant> invariants;
        try
        {
            model = ApiModelJson.Read(api);
            var assembly = HarnessAssembly.Load(directory);
            dispatcher = BindingCompiler.Dispatcher(assembly);
            invariants = HarnessAssembly.Invariants(assembly);
        }
        catch (Exception e) when (e is InvalidDataException or BindgenException)
        {
            throw new HarnessException(e.Message);
        }
        return new Harness(Path.GetFullPath(directory), model, dispatcher, LibraryFile(directory, dispatcher), invariants);
    }

    /// <summary>A target whose library instance this process owns and reloads between runs.</summary>
    public NativeTarget Load()
    {
        try { return new NativeTarget(Model, Dispatcher, LibraryInstance.Load(LibraryPath)); }
        catch (DllNotFoundException e) { throw new HarnessException(e.Message); }
    }

    /// <summary>The name to give in program files and reports.</summary>
    public string Library => Model.Library;

    static string LibraryFile(string directory, INativeDispatcher dispatcher)
    {
        if (Environment.GetEnvironmentVariable(NativeLibraryLocator.OverrideVariable) is { Length: > 0 } overridden)
            return overridden;
        if (dispatcher.LibraryPathRelativeToHarness is { } relative)
            return Path.GetFullPath(Path.Combine(directory, relative));
        return dispatcher.Library;
    }
}
