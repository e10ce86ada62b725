using Stampede.Campaigns;
using Stampede.Findings;

namespace Stampede.Tests.Cli;

/// <summary>
/// A campaign whose corpus cannot take a new finding. The fault is real and root cannot write through it (tests run
/// as root, so a read-only mode bit would not stop them): a regular file stands where the finding's directory must go,
/// so renaming the finished directory into place fails. The finding must not be lost: it is printed in full on standard
/// error, its program text included, and the campaign stops with one <c>error:</c> line and exit 2.
/// </summary>
[TestFixture]
public class CorpusWriteFailureTests
{
    const string Crashing = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_import(\"# unwritable\")\nthread 1:\n  stats_add(1)\n";

    [Test]
    public void A_finding_that_cannot_be_written_is_printed_in_full_and_the_campaign_stops_with_exit_2()
    {
        string root = Directory.CreateTempSubdirectory("stampede-unwritable-").FullName;
        try
        {
            string corpus = Path.Combine(root, "svcconf");
            Directory.CreateDirectory(Path.Combine(corpus, CorpusLayout.Seeds));
            Directory.CreateDirectory(Path.Combine(corpus, CorpusLayout.Findings));
            File.WriteAllText(Path.Combine(corpus, CorpusLayout.Seeds, "crash.txt"), Crashing);
            File.WriteAllText(Path.Combine(corpus, CorpusLayout.Findings, FindingSlug.For("crash:SIGSEGV:conf_import")), "in the way\n");

            var r = StampedeProcess.Run(Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName, "fuzz",
                "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--corpus", root, "--duration", "60s", "--programs", "3",
                "--repetitions", "10", "--no-triage", "--no-minimize");

            Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
            var errors = r.Error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
            Assert.That(errors, Has.Length.EqualTo(1), r.Error);
            Assert.That(r.Error, Does.Contain("crash:SIGSEGV:conf_import"));
            foreach (var line in Crashing.TrimEnd('\n').Split('\n'))
                Assert.That(r.Error, Does.Contain(line), "the program is on standard error, whole");
            Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(ProgramFiles.In(Path.Combine(corpus, CorpusPrograms.InFlight)).Select(File.ReadAllText), Does.Contain(Crashing),
                "and the program stays in flight for the next campaign");
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
