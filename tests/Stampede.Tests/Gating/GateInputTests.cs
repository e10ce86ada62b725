using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Gating;

/// <summary>Bad input to <c>gate</c> and to <c>scripts/ci-gate</c>: one line saying what and where, exit 2, before anything
/// is built or run.</summary>
[TestFixture]
public class GateInputTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "textkit");
    static string Plain => RepoPaths.SampleLibrary("textkit");

    [Test]
    public void A_missing_baseline_library_is_one_line_and_exit_2()
    {
        string output = Path.Combine(Path.GetTempPath(), $"stampede-gate-input-{Guid.NewGuid():N}");
        var r = CliProcess.Run(null, "gate", "--harness", Harness, "--baseline", "/nonexistent/libtextkit.so", "--candidate", Plain,
            "--duration", "5s", "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: /nonexistent/libtextkit.so: no such native library").And.Not.Contain("\n"));
        Assert.That(Directory.Exists(output), Is.False, "nothing is written before the input is checked");
    }

    [Test]
    public void A_gate_without_its_candidate_names_the_option()
    {
        var r = CliProcess.Run(null, "gate", "--harness", Harness, "--baseline", Plain);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.Contain("--candidate").And.Not.Contain("\n"));
    }

    [TestCase("--base", "no-such-revision-anywhere", "error: --base no-such-revision-anywhere: no such revision")]
    [TestCase("--harness", "harnesses/textkit", "error: usage: scripts/ci-gate")]
    public void The_ci_script_refuses_bad_input_in_one_line(string option, string value, string message)
    {
        string[] args = option == "--base"
            ? ["--base", value, "--harness", "harnesses/textkit", "--library", "build/native/plain/lib/libtextkit.so"]
            : [option, value];
        var r = CliProcess.Run(Path.Combine(RepoPaths.Root, "scripts", "ci-gate"), RepoPaths.Root, args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith(message).And.Not.Contain("\n"));
    }
}
