namespace Stampede.Campaigns;

/// <summary>Where a harness's corpus and AFL++ directory go unless given: inside the repository the harness is in
/// (the nearest parent holding Fuzz.sln), else beside the harness.</summary>
public static class DefaultPlaces
{
    /// <summary>corpus/ of the repository, else corpus/ inside the harness.</summary>
    public static string Corpus(string harnessDirectory) =>
        Repository(harnessDirectory) is { } root ? Path.Combine(root, "corpus") : Path.Combine(Path.GetFullPath(harnessDirectory), "corpus");

    /// <summary>build/afl/&lt;harness&gt; of the repository, else afl/ inside the harness.</summary>
    public static string AflDirectory(string harnessDirectory) =>
        Repository(harnessDirectory) is { } root
            ? Path.Combine(root, "build", "afl", HarnessName(harnessDirectory))
            : Path.Combine(Path.GetFullPath(harnessDirectory), "afl");

    /// <summary>The harness directory's name, which names its corpus directory too.</summary>
    public static string HarnessName(string harnessDirectory) => Path.GetFileName(Path.GetFullPath(harnessDirectory).TrimEnd('/'));

    static string? Repository(string harnessDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(harnessDirectory)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return dir.FullName;
        return null;
    }
}
