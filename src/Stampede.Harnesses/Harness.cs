using Stampede.Execution.Observations;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Instances;
using Stampede.Execution.Running;
using Stampede.Harnesses.Preconditions;
using Stampede.Model.Api;

namespace Stampede.Harnesses;

/// <summary>
/// A harness directory made by <c>stampede new</c>, opened for running: its API model, its compiled bindings, and the
/// native library file they call. A command opens its harness once and passes this object down; which library file
/// runs is part of it (<see cref="WithLibrary"/>: a sanitizer or coverage build), and a worker is told that file as an
/// argument, never through the environment. <see cref="Model"/> carries the preconditions the harness learned
/// (<see cref="Preconditions"/>, preconditions.json) while they are current; <see cref="Unconstrained"/> is api.json's model.
/// </summary>
public sealed record Harness(
    string Directory, ApiModel Model, INativeDispatcher Dispatcher, string LibraryPath, IReadOnlyList<IHarnessInvariant> Invariants)
{
    /// <summary>Opens <paramref name="directory"/>; its library is <paramref name="library"/> when given, else the file
    /// bindgen was given, else the name as the loader finds it.</summary>
    /// <param name="withPreconditions">false: not even read (learning them again).</param>
    /// <exception cref="HarnessException">No harness there; its api.json or C# is unusable; its model has no function
    /// or one without a binding; its stampede.json is not valid JSON or not the one it was generated from; its
    /// preconditions.json is not one.</exception>
    public static Harness Open(string directory, string? library = null, bool withPreconditions = true)
    {
        if (!System.IO.Directory.Exists(directory)) throw new HarnessException($"harness not found: {directory}");
        string api = Path.Combine(directory, "api.json");
        if (!File.Exists(api)) throw new HarnessException($"{directory}: no api.json (create the harness with stampede new)");
        ApiModel model;
        try { model = ApiModelJson.Read(api); }
        catch (InvalidDataException e) { throw new HarnessException(e.Message); }
        if (model.Functions.Count == 0)
            throw new HarnessException($"{api}: the API model has no function, so there is nothing to call: make the harness again with stampede new");
        string? config = HarnessConfig.Read(directory);
        var assembly = HarnessAssembly.Load(directory);
        var dispatcher = BindingCompiler.Dispatcher(assembly);
        CheckBindings(api, model, dispatcher);
        HarnessConfig.CheckCurrent(directory, config, assembly);
        var invariants = HarnessAssembly.Invariants(assembly);
        var opened = new Harness(Path.GetFullPath(directory), model, dispatcher, library ?? LibraryFile(directory, dispatcher), invariants)
        {
            Unconstrained = model,
        };
        return withPreconditions && PreconditionsFile.Read(directory, model) is { } learned ? opened.WithPreconditions(learned) : opened;
    }

    /// <summary>api.json's model, without learned preconditions.</summary>
    public ApiModel Unconstrained { get; init; } = Model;

    /// <summary>What the harness learned, current or stale; null when it learned nothing yet.</summary>
    public LearnedPreconditions? Preconditions { get; init; }

    /// <summary>Whether <see cref="Preconditions"/> were learned from this api.json (a stale file is not applied).</summary>
    public bool PreconditionsCurrent => Preconditions is { } p && PreconditionsFile.IsCurrent(p, Directory);

    /// <summary>The harness with <paramref name="learned"/> applied to its model when they are current.</summary>
    public Harness WithPreconditions(LearnedPreconditions learned)
    {
        var with = this with { Preconditions = learned };
        return with.PreconditionsCurrent ? with with { Model = PreconditionsFile.Apply(Unconstrained, learned.Rules) } : with with { Model = Unconstrained };
    }

    /// <summary>The harness as api.json has it, without learned preconditions.</summary>
    public Harness WithoutPreconditions() => this with { Model = Unconstrained, Preconditions = null };

    /// <summary>The same harness calling another build of its library.</summary>
    public Harness WithLibrary(string library) => this with { LibraryPath = library };

    /// <summary>A target whose library instance this process owns and reloads between runs.</summary>
    /// <exception cref="HarnessException">The library does not load, or does not export a function of the model: a
    /// configuration error of the run (the wrong library file, a build without that function), which every call of the
    /// function would otherwise report as a crash of the library.</exception>
    public NativeTarget Load()
    {
        LibraryInstance instance;
        try { instance = LibraryInstance.Load(LibraryPath); }
        catch (DllNotFoundException e) { throw new HarnessException(e.Message); }
        var missing = Model.Functions.Where(f => instance.Export(f.Name) == 0).Select(f => f.Name).ToList();
        if (missing.Count == 0) return new NativeTarget(Model, Dispatcher, instance);
        instance.Dispose();
        throw new HarnessException($"{instance.Path} does not export {missing[0]}" +
            (missing.Count > 1 ? $" (nor {missing.Count - 1} other function(s) of the harness)" : "") +
            ": the harness's bindings were made for another build of the library (give that library, or run stampede new again)");
    }

    /// <summary>The name to give in program files and reports.</summary>
    public string Library => Model.Library;

    /// <summary>The library's file name, as native frames name their module.</summary>
    public string LibraryFileName => Path.GetFileName(LibraryPath);

    /// <summary>Programs call functions by their index in api.json through the dispatcher: a model edited by hand (a
    /// function renamed) must not call another function, or none, under the name it gives.</summary>
    static void CheckBindings(string api, ApiModel model, INativeDispatcher dispatcher)
    {
        var bound = dispatcher.FunctionNames;
        string bindings = Path.Combine(Path.GetDirectoryName(api)!, "Bindings.g.cs");
        foreach (var f in model.Functions)
            if (f.Index >= bound.Count || bound[f.Index] != f.Name)
                throw new HarnessException($"{api}: function '{f.Name}' has no binding in {bindings}" +
                    (f.Index < bound.Count ? $" (its index {f.Index} is bound to '{bound[f.Index]}')" : "") +
                    ": api.json and the bindings are generated together, run stampede new again");
        if (bound.Count != model.Functions.Count)
            throw new HarnessException($"{api}: lists {model.Functions.Count} functions but {bindings} binds {bound.Count}: run stampede new again");
    }

    static string LibraryFile(string directory, INativeDispatcher dispatcher) =>
        dispatcher.LibraryPathRelativeToHarness is { } relative ? Path.GetFullPath(Path.Combine(directory, relative)) : dispatcher.Library;
}
