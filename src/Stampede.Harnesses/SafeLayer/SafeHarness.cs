using Stampede.Model.Contracts;

namespace Stampede.Harnesses.SafeLayer;

/// <summary>
/// A harness whose calls go through a safe layer: the sources and model of a harness copied into a
/// directory of its own (its project file stays behind: the engine compiles harnesses itself), with
/// <see cref="SafeLayerEmitter.FileName"/> beside them. Campaigns over it test the locks; its SafeBindings.g.cs is what a
/// wrapper project takes.
/// </summary>
public static class SafeHarness
{
    /// <summary>Writes the safe harness into <paramref name="directory"/> (the harness's own directory adds the layer in
    /// place) and opens it, so that a layer that does not compile is refused here.</summary>
    /// <exception cref="HarnessException">The contracts are another library's, or the layer does not compile.</exception>
    public static Harness Write(Harness harness, LibraryContracts? contracts, Locking locking, string directory, string source)
    {
        if (contracts is not null && contracts.Library != harness.Model.Library)
            throw new HarnessException($"the contracts are {contracts.Library}'s, the harness binds {harness.Model.Library}");
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        if (directory != harness.Directory)
            foreach (var file in Directory.EnumerateFiles(harness.Directory))
                if (!file.EndsWith(".csproj", StringComparison.Ordinal) && Path.GetFileName(file) != SafeLayerEmitter.FileName)
                    File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        string bindings = File.ReadAllText(Path.Combine(harness.Directory, "Bindings.g.cs"));
        string? library = harness.Dispatcher.LibraryPathRelativeToHarness is null ? null : Path.GetRelativePath(directory, harness.LibraryPath);
        var plan = LockPlan.For(harness.Model, contracts, locking);
        File.WriteAllText(Path.Combine(directory, SafeLayerEmitter.FileName), SafeLayerEmitter.Emit(bindings, plan, library, source));
        return Harness.Open(directory);
    }
}
