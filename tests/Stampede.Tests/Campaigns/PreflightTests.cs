using Stampede.Execution.Worker;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// <c>fuzz --preflight</c> runs the canary library's known races (native/samples/canary) through the campaign's own
/// workers before the campaign. On a machine with two usable cores (CI has two) they are all found and the campaign
/// runs; pinned to one core (<c>taskset -c 0</c>, the setting a CPU quota or a container's affinity amounts to) the
/// canary's calls never run together, and the command stops before its campaign with exit code 2 and one line that says
/// why. The canary's races need two threads inside the library at once: on one core they showed 0 times in 2,500
/// repetitions each (the deadlock once, by preemption), so the failure does not depend on luck.
/// </summary>
[TestFixture]
public sealed class PreflightTests
{
    string temp = "";

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("stampede-preflight-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(temp, recursive: true);

    string[] Fuzz => ["fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "kvstore"), "--preflight", "--programs", "1", "--duration", "10s",
        "--corpus", Path.Combine(temp, "corpus"), "--no-triage", "--no-minimize", "--seed", "1"];

    [Test]
    public void On_one_core_the_preflight_fails_in_one_line_and_the_campaign_does_not_run()
    {
        var run = CliProcess.Run("taskset", temp, ["-c", "0", "dotnet", RepositoryPaths.Cli, .. Fuzz]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Out + run.Error);
            Assert.That(run.Error.Trim(), Does.StartWith("error: preflight failed: only 0.0 % of the canary's calls ran at the same time")
                .And.Contain("one usable core").And.Not.Contain("\n"));
            Assert.That(run.Out, Does.Contain("PREFLIGHT: 0 % of 1,600 measured calls"));
            Assert.That(run.Out, Does.Not.Contain("DONE:"), "no campaign");
            Assert.That(Directory.Exists(Path.Combine(temp, "corpus")), Is.False, "nothing written");
        });
    }

    [Test]
    public void On_two_free_cores_every_canary_race_is_found_and_the_campaign_runs()
    {
        if (OsThread.UsableCpus().Count < 2) Assert.Ignore("needs two usable cores: on one, the preflight fails (the other test)");
        var run = CliProcess.Run(temp, Fuzz);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.AnyOf(0, 1), run.Out + run.Error);
            Assert.That(run.Out, Does.Match(@"PREFLIGHT: crash: found as \S+ in [\d.]+s"));
            Assert.That(run.Out, Does.Match(@"PREFLIGHT: wrong result: found as not-linearizable:canary_counter_get in [\d.]+s"));
            Assert.That(run.Out, Does.Match(@"PREFLIGHT: deadlock: found as deadlock:canary_pair_backward∥canary_pair_forward in [\d.]+s"));
            Assert.That(run.Out, Does.Match(@"PREFLIGHT: passed in [\d.]+s"));
            Assert.That(run.Out, Does.Contain("DONE:"), "the campaign ran");
        });
    }
}
