namespace Stampede.Campaigns;

/// <summary>Where a program of the machine is: the first directory of PATH that holds it, as a shell finds it.</summary>
public static class SearchPath
{
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
