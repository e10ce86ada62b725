namespace Stampede.Tests;

/// <summary>A directory copied whole, for tests that must not write into what the repository holds.</summary>
public static class DirectoryCopy
{
    public static void Of(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
