namespace Stampede.Tests.RealLibraries;

/// <summary>libyaml as Debian ships it (libyaml-dev): every object is the caller's, so distinct objects on distinct
/// threads share nothing (docs/real-libraries.md).</summary>
[TestFixture]
[NonParallelizable]
public class YamlTests
{
    /// <summary>
    /// What this guarantees: the committed harness (harnesses/yaml: parsers, emitters, documents, events and tokens
    /// declared as the caller's memory each function pair initializes and frees, one thread's each) is quiet on that
    /// use: a short campaign exits 0 with no finding, or every finding it has did not reproduce
    /// (<see cref="QuietRun.AssertQuiet"/>).
    /// </summary>
    [Test]
    public void The_committed_harness_is_quiet_on_correct_use()
    {
        var run = QuietRun.Of(Path.Combine(RepoPaths.Root, "harnesses", "yaml"));
        QuietRun.AssertQuiet(run);
    }
}
