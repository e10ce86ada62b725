using System.Xml.Linq;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Packaging;

/// <summary>
/// docs/example, a small wrapper (TextKit) with its harness, corpus and NUnit tests, run with plain <c>dotnet test</c>
/// as its README says: it restores Stampede.NUnit and the stampede tool from this build's packages, and each of its
/// tests ends as the example promises. The library it wraps is textkit's version 3, which fixed one race and kept
/// another: the corpus finding and regression program of the fixed one pass, the finding of the one it kept fails with
/// its repro command, and so does a ten-second campaign, which runs into the races version 3 still has.
/// </summary>
[TestFixture, NonParallelizable]
public class ExampleProjectTests
{
    static string Example => Path.Combine(RepositoryPaths.Root, "docs", "example");

    [Test]
    public void Dotnet_test_of_the_example_passes_what_is_fixed_and_fails_what_is_not()
    {
        LocalPackages.Ensure();
        string results = Directory.CreateTempSubdirectory("stampede-example-").FullName;
        try
        {
            var run = CliProcess.Run("dotnet", Example, ["test", "-nologo", "--logger", "trx;LogFileName=example.trx", "--results-directory", results],
                timeoutMs: 900_000, environment: new Dictionary<string, string?> { ["STAMPEDE_CLI"] = null, ["STAMPEDE_HOME"] = null });
            string trx = Path.Combine(results, "example.trx");
            Assert.That(File.Exists(trx), run.Out + run.Error);
            Assert.That(run.ExitCode, Is.EqualTo(1), "dotnet test fails, because two tests of the example fail\n" + run.Out);

            var outcomes = Outcomes(trx);
            Assert.Multiple(() =>
            {
                foreach (var wrapper in new[] { "Formats_a_duration", "Parses_an_integer", "Rejects_what_is_no_integer", "Splits_tokens" })
                    Assert.That(outcomes[wrapper].Outcome, Is.EqualTo("Passed"), wrapper + outcomes[wrapper].Message);
                Assert.That(Single(outcomes, "not-linearizable-tk_format_duration_r-").Outcome, Is.EqualTo("Passed"), "fixed in version 3");
                Assert.That(outcomes["seed-durmemo"].Outcome, Is.EqualTo("Passed"), "the regression program of the fixed race");

                var kept = Single(outcomes, "not-linearizable-tk_next_token-");
                Assert.That(kept.Outcome, Is.EqualTo("Failed"));
                Assert.That(kept.Message, Does.Contain("still fails").And.Contain("reproduce: stampede repro").And.Contain("tk_next_token"));

                var campaign = outcomes["Has_no_thread_safety_findings"];
                Assert.That(campaign.Outcome, Is.EqualTo("Failed"));
                Assert.That(campaign.Message, Does.Contain("stampede found").And.Contain("reproduce: ").And.Contain("report: "));
            });
            Assert.That(outcomes, Has.Count.EqualTo(8), string.Join(", ", outcomes.Keys));
        }
        finally { Directory.Delete(results, recursive: true); }
    }

    static (string Outcome, string Message) Single(Dictionary<string, (string Outcome, string Message)> outcomes, string prefix) =>
        outcomes.Single(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;

    static Dictionary<string, (string Outcome, string Message)> Outcomes(string trx)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(trx).Descendants(ns + "UnitTestResult").ToDictionary(
            r => r.Attribute("testName")!.Value,
            r => (r.Attribute("outcome")!.Value, r.Descendants(ns + "Message").FirstOrDefault()?.Value ?? ""));
    }
}
