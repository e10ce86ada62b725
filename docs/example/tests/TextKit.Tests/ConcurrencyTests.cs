using Stampede.NUnit;

namespace TextKit.Tests;

/// <summary>
/// The same library from many threads, through Stampede. Version 3 of textkit fixed the race of
/// tk_format_duration_r (corpus finding not-linearizable-tk_format_duration_r-*, and the regression program
/// seeds/durmemo.txt), but tk_next_token still keeps its position in one static buffer for every thread: that
/// finding, and a campaign that runs into it or into the library's other races, still fail.
/// </summary>
public class ConcurrencyTests
{
    /// <summary>A ten-second campaign on the harness: fails with each finding's summary and repro command.</summary>
    [Test]
    public void Has_no_thread_safety_findings() =>
        StampedeAssert.NoFindings("harness", TimeSpan.FromSeconds(10), new FuzzSettings(Arguments: ["--no-minimize"]));

    /// <summary>Every finding and regression program of the corpus: one case each, passing once it no longer fails.</summary>
    static IEnumerable<TestCaseData> Corpus() => StampedeCorpus.Cases("corpus/textkit", harness: "harness", new ReplaySettings(Runs: 5));

    [TestCaseSource(nameof(Corpus))]
    public void No_longer_fails(CorpusCase recorded) => recorded.AssertFixed();
}
