using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Oracles;

/// <summary>A zero-code campaign on the C library says at its start, once, that the library's state carries over and
/// what that means for the verdicts: the worker finds out at its start and tells the supervisor in its hello.</summary>
[TestFixture]
public class CarriedStateCampaignTests
{
    [Test]
    public void A_campaign_on_the_C_library_warns_that_its_state_carries_over()
    {
        var directory = Directory.CreateTempSubdirectory("stampede-libc-campaign-").FullName;
        try
        {
            string header = Path.Combine(directory, "libc.h");
            File.WriteAllText(header, LibcTarget.Header);
            string harness = Path.Combine(directory, "harness");
            var made = CliProcess.Run(null, "new", "--header", header, "--lib", "libc.so.6", "--function", "lrand48", "--out", harness);
            Assert.That(made.ExitCode, Is.Zero, made.Error);
            var run = CliProcess.Run(null, "fuzz", "--harness", harness, "--corpus", Path.Combine(directory, "corpus"),
                "--programs", "2", "--repetitions", "20", "--no-triage", "--no-minimize");
            var warnings = run.Error.Split('\n').Where(l => l.StartsWith("WARNING: libc.so.6 cannot be unloaded")).ToArray();
            Assert.That(warnings, Has.Length.EqualTo(1), run.Error);
            Assert.That(warnings[0], Does.Contain("state carries over").And.Contain("each finding says which judgement it used"));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
