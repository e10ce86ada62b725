using NUnit.Framework;

namespace Stampede.NUnit;

/// <summary>
/// Where a relative path a test names (a harness, a corpus) is: looked up from the test's output directory upwards, so
/// that <c>"harness"</c> means the harness directory beside the test project however deep <c>bin/</c> is, as a path in
/// the repository reads.
/// </summary>
public static class TestPaths
{
    /// <summary>The test assembly's directory (where <c>dotnet test</c> runs it from).</summary>
    public static string TestDirectory =>
        TestContext.CurrentContext?.TestDirectory is { Length: > 0 } directory ? directory : AppContext.BaseDirectory;

    /// <exception cref="DirectoryNotFoundException">Nothing of that name in the test directory or above it.</exception>
    public static string Find(string path)
    {
        if (Path.IsPathRooted(path))
            return Exists(path) ? Path.GetFullPath(path) : throw new DirectoryNotFoundException($"{path} does not exist");
        for (var dir = new DirectoryInfo(TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, path);
            if (Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException($"{path} is neither in {TestDirectory} nor in a directory above it");
    }

    static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);
}
