namespace Stampede.Campaigns.Supervision;

/// <summary>Source locations as the user knows them: relative to the working directory when below it.</summary>
static class SourcePaths
{
    public static string Relative(string location)
    {
        string cwd = Environment.CurrentDirectory.TrimEnd('/') + "/";
        return location.StartsWith(cwd, StringComparison.Ordinal) ? location[cwd.Length..] : location;
    }
}
