using Stampede.Tests.Bindgen;

namespace Stampede.Tests.SelfFuzz;

/// <summary>
/// The targets added for issue 15 as scripts/fuzz-self drives them, without afl-fuzz: <c>prepare</c> writes their
/// seeds, dictionary and the assemblies to instrument, and <c>check</c> replays the seeds, each keeping the contract.
/// </summary>
public class SelfFuzzCheckTests
{
    private static string SelfFuzz => Path.Combine(RepoPaths.Root, "tests", "Stampede.SelfFuzz", "bin", "Release", "net10.0", "Stampede.SelfFuzz.dll");

    [TestCase("options", "stampede.dll")]
    [TestCase("corpus", "Stampede.Findings.dll")]
    [TestCase("protocol", "Stampede.Campaigns.dll")]
    [TestCase("evidence", "Stampede.Sanitizers.dll")]
    [TestCase("signatures", "Stampede.Campaigns.dll")]
    [TestCase("markdown", "Stampede.Findings.dll")]
    public void PreparedSeedsPassCheck(string target, string instrumented)
    {
        var work = Directory.CreateTempSubdirectory("stampede-self-fuzz-check-");
        try
        {
            var prepare = CliProcess.Run("dotnet", null, [SelfFuzz, "prepare", target, work.FullName]);
            Assert.That(prepare.ExitCode, Is.EqualTo(0), prepare.Error);
            Assert.That(File.ReadAllLines(Path.Combine(work.FullName, "instrument")), Does.Contain(instrumented));
            Assert.That(File.ReadAllLines(Path.Combine(work.FullName, "dictionary")), Is.Not.Empty);
            var seeds = Directory.GetFiles(Path.Combine(work.FullName, "seeds"));
            Assert.That(seeds, Is.Not.Empty);
            var check = CliProcess.Run("dotnet", null, [SelfFuzz, "check", target, .. seeds]);
            Assert.That(check.ExitCode, Is.EqualTo(0), check.Out + check.Error);
            Assert.That(check.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.StartsWith("ok "));
        }
        finally { work.Delete(recursive: true); }
    }
}
