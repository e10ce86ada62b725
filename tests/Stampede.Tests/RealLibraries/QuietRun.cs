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
}
