using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary><c>fuzz --engine afl</c> and <c>afl-export</c> from the outside: bad options stop them with one
/// <c>error:</c> line and exit 2 before AFL++ starts.</summary>
[TestFixture]
public class AflCommandTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "kvstore");

    [TestCase("--feedback", "native,edges", "error: --feedback: 'edges' is not a feedback signal")]
    [TestCase("--programs", "10", "error: --programs applies to --engine random only")]
    [TestCase("--sanitizer", "thread", "error: --sanitizer is not supported with --engine afl")]
    public void A_bad_option_is_one_line_and_exit_2(string option, string value, string message)
    {
        string afl = Directory.CreateTempSubdirectory("stampede-afl-cli-").FullName;
        try
        {
            var r = CliProcess.Run(null, "fuzz", "--harness", Harness, "--engine", "afl", "--afl-dir", afl, "--duration", "5s", option, value);
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
            Assert.That(r.Error.Trim(), Does.StartWith(message).And.Not.Contain("\n"));
            Assert.That(Directory.GetFileSystemEntries(afl), Is.Empty, "AFL++ did not start");
        }
        finally { Directory.Delete(afl, recursive: true); }
    }

    [Test]
    public void An_unknown_engine_is_one_line_and_exit_2()
    {
        var r = CliProcess.Run(null, "fuzz", "--harness", Harness, "--engine", "libfuzzer");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: ").And.Contain("libfuzzer").And.Contain("'afl'").And.Not.Contain("\n"));
    }

    [Test]
    public void Exporting_from_a_directory_without_a_campaign_is_one_line_naming_it_and_exit_2()
    {
        string afl = Directory.CreateTempSubdirectory("stampede-afl-cli-").FullName;
        try
        {
            var r = CliProcess.Run(null, "afl-export", "--harness", Harness, "--afl-dir", afl, "--out", Path.Combine(afl, "programs"));
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
            Assert.That(r.Error.Trim(), Does.StartWith($"error: {afl}: no AFL++ campaign here").And.Not.Contain("\n"));
        }
        finally { Directory.Delete(afl, recursive: true); }
    }
}
