namespace Stampede.Tests;

/// <summary>Where the repository's build outputs are, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NativeLibDir(string variant = "plain") =>
        Path.Combine(Root, "build", "native", variant, "lib");

    public static string SampleLibrary(string name, string variant = "plain") =>
        Path.Combine(NativeLibDir(variant), $"lib{name}.so");

    public static string SamplesDir => Path.Combine(Root, "native", "samples");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Fuzz.sln not found above " + AppContext.BaseDirectory);
    }
}
