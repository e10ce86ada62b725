namespace Stampede.Tests.RealLibraries;

/// <summary>SQLite as Debian builds it (libsqlite3-dev, serialized threading mode): the committed harness on the core
/// of its C interface (docs/real-libraries.md).</summary>
[TestFixture]
[NonParallelizable]
public class SqliteTests
{
    /// <summary>
    /// What this guarantees: the committed harness (harnesses/sqlite3: connections shared between threads, as the
    /// serialized mode allows; statements one thread's each; the process-wide memory figures not compared) is quiet on
    /// that use: a short campaign exits 0 with no finding, or every finding it has did not reproduce
    /// (<see cref="QuietRun.AssertQuiet"/>).
    /// </summary>
    [Test]
    public void The_committed_harness_is_quiet_on_correct_use()
    {
        var run = QuietRun.Of(Path.Combine(RepoPaths.Root, "harnesses", "sqlite3"));
        QuietRun.AssertQuiet(run);
    }
}
