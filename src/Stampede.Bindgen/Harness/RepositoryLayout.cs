namespace Stampede.Bindgen.Harness;

/// <summary>Finds the Stampede repository a harness links against (the runtime project under src/).</summary>
public static class RepositoryLayout
{
    public const string RuntimeProject = "src/Stampede.Execution/Stampede.Execution.csproj";

    /// <summary>The repository root: STAMPEDE_HOME, else the nearest parent of this assembly or of the working
    /// directory that holds Fuzz.sln and the runtime project.</summary>
    public static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("STAMPEDE_HOME") is { Length: > 0 } home) return Path.GetFullPath(home);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln")) && File.Exists(Path.Combine(dir.FullName, RuntimeProject)))
                    return dir.FullName;
        throw new BindgenException("cannot find the Stampede repository (Fuzz.sln); set STAMPEDE_HOME");
    }

    /// <summary>A path as the harness should refer to it: relative when both are inside the repository
    /// (the harness moves with the repository), absolute otherwise (a harness anywhere still builds).</summary>
    public static string Reference(string fromDirectory, string target, string repoRoot)
    {
        var from = Path.GetFullPath(fromDirectory);
        var to = Path.GetFullPath(target);
        var root = Path.GetFullPath(repoRoot).TrimEnd('/') + "/";
        return from.StartsWith(root, StringComparison.Ordinal) && to.StartsWith(root, StringComparison.Ordinal)
            ? Path.GetRelativePath(from, to)
            : to;
    }
}
