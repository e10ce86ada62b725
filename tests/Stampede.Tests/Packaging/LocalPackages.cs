using Stampede.Bindgen.Harness;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Packaging;

/// <summary>
/// The project's packages, packed once per test run into build/packages (where the README's <c>dotnet tool install
/// --add-source</c> and docs/example's NuGet.config look) from the build under test. Every pack carries the same
/// version, and NuGet keeps the first copy of a version it extracted: so the copies of these packages in the global
/// packages folder are removed first, and the next restore takes the fresh ones.
/// </summary>
internal static class LocalPackages
{
    public static readonly string[] Ids = ["Stampede", "Stampede.Model", "Stampede.Execution", "Stampede.NUnit"];

    public static string Directory => Path.Combine(RepositoryPaths.Root, "build", "packages");

    public static string Version => HarnessWriter.Version;

#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    static readonly Lazy<string> packed = new(Pack);

    /// <summary>The directory holding this build's packages.</summary>
    public static string Ensure() => packed.Value;

    static string Pack()
    {
        // The solution was built by dotnet test in this configuration: pack it as built.
        var pack = CliProcess.Run("dotnet", RepositoryPaths.Root,
            ["pack", "Fuzz.sln", "-c", Configuration, "--no-build", "-nologo", "-o", Directory], timeoutMs: 600_000);
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.Out + pack.Error);
        foreach (var id in Ids)
        {
            Assert.That(File.Exists(Path.Combine(Directory, $"{id}.{Version}.nupkg")), $"{id} {Version} was not packed:\n{pack.Out}");
            string cached = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant(), Version);
            if (System.IO.Directory.Exists(cached)) System.IO.Directory.Delete(cached, recursive: true);
        }
        return Directory;
    }

    static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
