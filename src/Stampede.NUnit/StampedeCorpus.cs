using NUnit.Framework;

namespace Stampede.NUnit;

/// <summary>
/// A corpus as a regression suite: each finding (<c>findings/SLUG/</c>) and each regression program (<c>seeds/*.txt</c>)
/// of a library's corpus directory is one named NUnit case.
/// <code>
/// static IEnumerable&lt;TestCaseData&gt; Corpus() =&gt; StampedeCorpus.Cases("corpus/textkit", harness: "harness");
///
/// [TestCaseSource(nameof(Corpus))]
/// public void Replays_clean(CorpusCase c) =&gt; c.AssertFixed();
/// </code>
/// The programs a campaign only kept for coverage (<c>interesting/</c>) are not cases: they never failed.
/// </summary>
public static class StampedeCorpus
{
    public const string Category = "stampede-corpus";

    /// <param name="corpus">A library's corpus directory (the one holding <c>findings/</c> and <c>seeds/</c>); relative
    /// paths as <see cref="TestPaths"/> finds them.</param>
    /// <param name="harness">The harness that replays them.</param>
    /// <exception cref="DirectoryNotFoundException">The corpus or the harness is not there, or the corpus has neither
    /// findings nor seeds (a wrong directory would otherwise pass as an empty suite).</exception>
    public static IEnumerable<TestCaseData> Cases(string corpus, string harness, ReplaySettings? settings = null)
    {
        settings ??= ReplaySettings.Default;
        string root = TestPaths.Find(corpus), harnessDirectory = TestPaths.Find(harness);
        string findings = Path.Combine(root, "findings"), seeds = Path.Combine(root, "seeds");
        if (!Directory.Exists(findings) && !Directory.Exists(seeds))
            throw new DirectoryNotFoundException($"{root} has no findings/ and no seeds/: give a library's corpus directory (corpus/LIBRARY)");

        var cases = new List<CorpusCase>();
        if (Directory.Exists(findings))
            cases.AddRange(Directory.EnumerateDirectories(findings).Order(StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "program.txt")))
                .Select(d => new CorpusCase(Path.GetFileName(d), d, harnessDirectory, CorpusCaseKind.Finding, settings)));
        if (Directory.Exists(seeds))
            cases.AddRange(Directory.EnumerateFiles(seeds, "*.txt").Order(StringComparer.Ordinal)
                .Select(f => new CorpusCase("seed-" + Path.GetFileNameWithoutExtension(f), f, harnessDirectory, CorpusCaseKind.Program, settings)));
        return cases.Select(c => new TestCaseData(c).SetName(c.Name).SetCategory(Category).SetProperty("kind", c.Kind.ToString()));
    }
}
