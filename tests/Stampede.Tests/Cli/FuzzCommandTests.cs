using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary><c>stampede fuzz</c> from the outside: bad input stops it with one line and exit 2 before anything runs,
/// and the corpus is left as it was.</summary>
[TestFixture]
public class FuzzCommandTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "svcconf");

    [Test]
    public void A_corrupt_seed_program_is_one_line_naming_its_file_and_line_and_exit_2()
    {
        string root = Directory.CreateTempSubdirectory("stampede-fuzz-cli-").FullName;
        try
        {
            string seeds = Path.Combine(root, "svcconf", CorpusLayout.Seeds);
            Directory.CreateDirectory(seeds);
            string seed = Path.Combine(seeds, "broken.txt");
            File.WriteAllText(seed, "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_nonesuch(1)\n");

            var r = CliProcess.Run(null, "fuzz", "--harness", Harness, "--corpus", root, "--duration", "30s");

            Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
            Assert.That(r.Error.Trim().Split('\n'), Has.Length.EqualTo(1), r.Error);
            Assert.That(r.Error, Does.StartWith($"error: {seed}: line 4, column 3: ").And.Contain("conf_nonesuch"));
            Assert.That(Directory.GetFiles(seeds), Is.EqualTo(new[] { seed }), "the corpus is left as it was");
            Assert.That(Directory.GetDirectories(Path.Combine(root, "svcconf", CorpusLayout.Findings)), Is.Empty);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestCase("--duration", "soon", "--duration 'soon' is invalid")]
    [TestCase("--minimize-budget", "-3", "--minimize-budget '-3' is invalid")]
    [TestCase("--threads", "1", "--threads 1 is invalid")]
    public void An_invalid_option_is_one_line_and_exit_2(string option, string value, string message)
    {
        var r = CliProcess.Run(null, "fuzz", "--harness", Harness, option, value);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: " + message).And.Not.Contain("\n"));
    }
}
