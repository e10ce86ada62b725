using Stampede.Execution.Observations;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Instances;
using Stampede.Execution.Running;
using Stampede.Model.Api;

namespace Stampede.Harnesses;

/// <summary>
/// A harness directory made by <c>stampede new</c>, opened for running: its API model, its compiled bindings, and the
/// native library file they call. A command opens its harness once and passes this object down; which library file
/// runs is part of it (<see cref="WithLibrary"/>: a sanitizer or coverage build), and a worker is told that file as an
/// argument, never through the environment.
/// </summary>
public sealed record Harness(
    string Directory, ApiModel Model, INativeDispatcher Dispatcher, string LibraryPath, IReadOnlyList<IHarnessInvariant> Invariants)
{
    /// <summary>Opens <paramref name="directory"/>; its library is <paramref name="library"/> when given, else the file
    /// bindgen was given, else the name as the loader finds it.</summary>
    /// <exception cref="HarnessException">No harness there, or its api.json or C# is unusable.</exception>
    public static Harness Open(string directory, string? library = null)
    {
        if (!System.IO.Directory.Exists(directory)) throw new HarnessException($"harness not found: {directory}");
        string api = Path.Combine(directory, "api.json");
        if (!File.Exists(api)) throw new HarnessException($"{directory}: no api.json (create the harness with stampede new)");
        ApiModel model;
        try { model = ApiModelJson.Read(api); }
        catch (InvalidDataException e) { throw new HarnessException(e.Message); }
        var assembly = HarnessAssembly.Load(directory);
        var dispatcher = BindingCompiler.Dispatcher(assembly);
        var invariants = HarnessAssembly.Invariants(assembly);
        return new Harness(Path.GetFullPath(directory), model, dispatcher, library ?? LibraryFile(directory, dispatcher), invariants);
    }

    /// <summary>The same harness calling another build of its library.</summary>
    public Harness WithLibrary(string library) => this with { LibraryPath = library };

    /// <summary>A target whose library instance this process owns and reloads between runs.</summary>
    public NativeTarget Load()
    {
        try { return new NativeTarget(Model, Dispatcher, LibraryInstance.Load(LibraryPath)); }
        catch (DllNotFoundException e) { throw new HarnessException(e.Message); }
    }

    /// <summary>The name to give in program files and reports.</summary>
    public string Library => Model.Library;

    /// <summary>The library's file name, as native frames name their module.</summary>
    public string LibraryFileName => Path.GetFileName(LibraryPath);

    static string LibraryFile(string directory, INativeDispatcher dispatcher) =>
        dispatcher.LibraryPathRelativeToHarness is { } relative ? Path.GetFullPath(Path.Combine(directory, relative)) : dispatcher.Library;
}
