namespace Stampede.Tests.Bindgen;

/// <summary>Paths inside this repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleHeader(string lib) => Path.Combine(Root, "native", "samples", lib, lib + ".h");

    /// <summary>A sample library built by scripts/build-native (plain variant).</summary>
    public static string SampleLibrary(string lib)
    {
        var path = Path.Combine(Root, "build", "native", "plain", "lib", $"lib{lib}.so");
        if (!File.Exists(path)) Assert.Fail($"{path} is missing: run scripts/build-native first");
        return path;
    }

    public static string Cli => Path.Combine(TestContext.CurrentContext.TestDirectory, "stampede.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return dir.FullName;
        throw new InvalidOperationException("Fuzz.sln not found above the test directory");
    }
}
