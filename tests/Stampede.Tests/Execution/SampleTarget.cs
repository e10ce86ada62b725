using Stampede.Bindgen;
using Stampede.Harnesses;
using Stampede.Execution.Instances;
using Stampede.Execution.Running;
using Stampede.Model.Programs;

namespace Stampede.Tests.Execution;

/// <summary>
/// A sample library ready for the engine: bindings generated from its header and compiled in memory, and a private
/// copy of its plain build loaded as a reloadable instance (private, so no other test's load keeps it mapped).
/// </summary>
sealed class SampleTarget : IDisposable
{
    readonly string copy;
    public NativeTarget Target { get; }

    public IReadOnlyList<Stampede.Execution.Observations.IHarnessInvariant> Invariants { get; }

    /// <param name="extraSource">C# compiled with the bindings, as a harness's own code would be (e.g. invariants).</param>
    /// <param name="variant">the build to load; a schedule build gets its runtime beside it as a link to the built one,
    /// so every test in the process loads the same runtime file (two copies would be two schedulers).</param>
    public SampleTarget(string library, string? extraSource = null, string variant = "plain")
    {
        var directory = Directory.CreateTempSubdirectory("stampede-sample-").FullName;
        copy = Path.Combine(directory, $"lib{library}.so");
        File.Copy(RepoPaths.SampleLibrary(library, variant), copy);
        if (variant == "schedule")
            File.CreateSymbolicLink(Path.Combine(directory, ScheduleRuntime.FileName), Path.Combine(RepoPaths.NativeLibDir(variant), ScheduleRuntime.FileName));
        // Named by file name, as harnesses name their library, so programs say "library libtextkit.so".
        var options = new BindgenOptions([Path.Combine(RepoPaths.SamplesDir, library, library + ".h")], Path.GetFileName(copy),
            Namespace: $"Samples.{library}_{Guid.NewGuid():N}", LibraryPathRelativeToHarness: copy);
        var output = BindingGenerator.Generate(options);
        var assembly = extraSource is null
            ? BindingCompiler.CompileAndLoad(options.Namespace, output.Bindings)
            : BindingCompiler.CompileAndLoad(options.Namespace, output.Bindings, extraSource);
        var dispatcher = BindingCompiler.Dispatcher(assembly);
        Invariants = Stampede.Harnesses.HarnessAssembly.Invariants(assembly);
        Target = new NativeTarget(output.Plan.Model, dispatcher, LibraryInstance.Load(copy));
    }

    public PreparedProgram Prepare(string programText) =>
        new(ProgramText.Parse(programText, Target.Model), Target.Model);

    public void Dispose()
    {
        Target.Dispose();
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
    }
}
