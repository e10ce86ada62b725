namespace Stampede.Bindgen.Harness;

/// <summary>
/// The Stampede checkout a command runs from, when it runs from one. The tool installed as a .NET tool runs from none:
/// only what needs the repository's own files (the canary harness of the preflight) asks for it, and says so when
/// there is none.
/// </summary>
public static class RepositoryLayout
{
    /// <summary>A file only a checkout has.</summary>
    const string Marker = "src/Stampede.Execution/Stampede.Execution.csproj";

    /// <summary>The checkout: STAMPEDE_HOME, else the nearest parent of this assembly or of the working directory that
    /// holds Fuzz.sln and the runtime project; null outside one.</summary>
    public static string? TryFindRoot()
    {
        if (Environment.GetEnvironmentVariable("STAMPEDE_HOME") is { Length: > 0 } home) return Path.GetFullPath(home);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln")) && File.Exists(Path.Combine(dir.FullName, Marker)))
                    return dir.FullName;
        return null;
    }

    /// <summary>The checkout, for <paramref name="purpose"/>.</summary>
    /// <exception cref="BindgenException">There is none: one line saying what needed it.</exception>
    public static string FindRoot(string purpose) =>
        TryFindRoot() ?? throw new BindgenException($"{purpose} needs a Stampede checkout (the tool installed from a package has none); set STAMPEDE_HOME to one");
}
