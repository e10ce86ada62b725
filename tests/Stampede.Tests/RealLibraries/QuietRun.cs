using Stampede.Tests.Bindgen;

namespace Stampede.Tests.RealLibraries;

/// <summary>A short campaign on a committed real harness, into a corpus of its own (never the committed one), from a
/// directory of its own: what "quiet on correct use" is measured by in these tests.</summary>
internal static class QuietRun
{
    /// <summary>10 s of campaign at seed 1 with triage and minimization on (they have nothing to do when it is
    /// quiet); the harness's committed preconditions.json is current, so nothing is learned.</summary>
    public static CliProcess.Result Of(string harness)
    {
        var directory = Directory.CreateTempSubdirectory("stampede-quiet-").FullName;
        try
        {
            return CliProcess.Run(directory, "fuzz", "--harness", harness, "--corpus", Path.Combine(directory, "corpus"),
                "--seed", "1", "--duration", "10s", "--max-total-time", "60s");
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    /// <summary>Quiet: exit 0 and no finding; or exit 1 with every finding one that did not reproduce when triage ran
    /// its program again (seen here: a worker that once hung 3 s in gzopen, one that once died of a heap check in
    /// inflateInit_, on a loaded 2-core machine), printed for whoever reads the log. A finding that triage saw again,
    /// or did not triage, fails.</summary>
    public static void AssertQuiet(CliProcess.Result run)
    {
        if (run.ExitCode == 0)
        {
            Assert.That(run.Out, Does.Contain("SUMMARY: no findings"), run.Out);
            return;
        }
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Match(@"SUMMARY: (\d+) distinct finding\(s\): 0 thread-safety, 0 not triaged, \1 not reproduced, 0 failing on one thread"), run.Out);
        TestContext.Out.WriteLine("every finding of this run did not reproduce when run again:\n" + run.Out);
    }
}
