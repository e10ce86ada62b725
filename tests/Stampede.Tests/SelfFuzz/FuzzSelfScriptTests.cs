using System.Text.RegularExpressions;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.SelfFuzz;

/// <summary><c>scripts/fuzz-self</c> as a user runs it: its usage errors, and a short real afl-fuzz run.</summary>
public class FuzzSelfScriptTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "fuzz-self");

    [TestCase("bogus", "error: target 'bogus' is invalid. Available targets are: parser decoder mutator api options corpus protocol evidence signatures markdown, all")]
    [TestCase("parser --duration 5x", "error: --duration '5x' is invalid: write 90s, 5m or 1h")]
    [TestCase("", "error: no target given")]
    public void UsageErrorsExitWithTwoAndSayWhat(string arguments, string error)
    {
        var result = CliProcess.Run(Script, null, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error.Split('\n')[0], Is.EqualTo(error));
    }

    /// <summary>About 30 s: the build is up to date, then 15 s of afl-fuzz.</summary>
    [Test]
    public void AShortRunUnderAflFuzzExecutesInputsAndFindsNothing()
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':') ?? [];
        if (!path.Any(dir => File.Exists(Path.Combine(dir, "afl-fuzz"))))
            Assert.Ignore("afl-fuzz is not installed (scripts/setup installs afl++)");
        var output = Directory.CreateTempSubdirectory("stampede-fuzz-self-");
        try
        {
            var result = CliProcess.Run(Script, null, ["parser", "--duration", "15s", "--out", output.FullName], timeoutMs: 180_000);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
            var summary = Regex.Match(result.Out, @"^SUMMARY: fuzz-self parser: (\d+) execs in \d+ s \([\d.]+/s\), (\d+) paths, 0 crashes, 0 hangs$", RegexOptions.Multiline);
            Assert.That(summary.Success, Is.True, result.Out);
            Assert.That(long.Parse(summary.Groups[1].Value), Is.GreaterThan(0));
        }
        finally { output.Delete(recursive: true); }
    }
}
