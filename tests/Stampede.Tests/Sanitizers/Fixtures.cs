namespace Stampede.Tests.Sanitizers;

/// <summary>The captured reports in <c>Reports/</c> (real stderr of workers running the samples' sanitizer builds; see
/// docs/sanitizers.md for how each was produced) and the samples' sources they point into.</summary>
static class Fixtures
{
    public static string Dir => Path.Combine(RepoPaths.Root, "tests", "Stampede.Tests", "Sanitizers", "Reports");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Dir, name));

    public static IEnumerable<string> ReportFiles() =>
        Directory.GetFiles(Dir, "*.txt").Where(f => !f.EndsWith(".c.txt", StringComparison.Ordinal)).Select(Path.GetFileName)!;

    /// <summary>Line <paramref name="line"/> (1-based) of a sample's source, e.g. ("textkit", 28).</summary>
    public static string SourceLine(string sample, int line) =>
        File.ReadAllLines(Path.Combine(RepoPaths.SamplesDir, sample, sample + ".c"))[line - 1];
}
