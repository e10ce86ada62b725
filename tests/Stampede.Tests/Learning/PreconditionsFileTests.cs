using Stampede.Harnesses;
using Stampede.Harnesses.Preconditions;
using Stampede.Model.Api;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Learning;

/// <summary>A harness applies its preconditions.json where its stampede.json lets it, and refuses a corrupt one.</summary>
[TestFixture]
public sealed class PreconditionsFileTests
{
    static string FilePath => PreconditionsFile.PathIn(TimeHarness.Directory);

    [TearDown]
    public void Remove() => File.Delete(FilePath);

    static LearnedRule Rule(string function, string? parameter, ArgumentDomain? domain, string? neverCall = null) =>
        new(function, parameter, domain, neverCall, "test", new RuleEvidence("", "SIGSEGV", null));

    [Test]
    public void StampedeJsonOverridesLearnedRules()
    {
        PreconditionsFile.Write(TimeHarness.Directory, new LearnedPreconditions(LearnedPreconditions.CurrentSchemaVersion, "libc.so.6",
            PreconditionsFile.ApiSha256(TimeHarness.Directory), 1, 3, [],
            [
                Rule("asctime_r", "buf", new ArgumentDomain(MinSize: 26, Writable: true)),
                Rule("asctime", null, null, neverCall: "kills the worker"),
                Rule("gmtime_r", "timep", new ArgumentDomain(NotNull: true)),
            ]));
        var model = Harness.Open(TimeHarness.Directory).Model;
        Assert.Multiple(() =>
        {
            Assert.That(Param(model, "asctime_r", "buf").Domain, Is.EqualTo(new ArgumentDomain(MinSize: 26, Writable: true)), "no config: learned rule applies");
            Assert.That(model.Function("asctime")!.NeverCall, Is.Null, "keepCalling in stampede.json drops it");
            Assert.That(Param(model, "gmtime_r", "timep").Domain, Is.EqualTo(new ArgumentDomain()), "the config's domain wins");
        });
    }

    [Test]
    public void AStaleFileIsNotApplied()
    {
        PreconditionsFile.Write(TimeHarness.Directory, new LearnedPreconditions(LearnedPreconditions.CurrentSchemaVersion, "libc.so.6",
            "another api.json", 1, 3, [], [Rule("asctime_r", "buf", new ArgumentDomain(MinSize: 26))]));
        var harness = Harness.Open(TimeHarness.Directory);
        Assert.That(harness.PreconditionsCurrent, Is.False);
        Assert.That(Param(harness.Model, "asctime_r", "buf").Domain, Is.Null);
    }

    [TestCase("{ \"schemaVersion\": 1, ")]
    [TestCase("{ \"schemaVersion\": 1, \"rules\": 3 }")]
    [TestCase("[]")]
    public void ACorruptFileIsOneErrorLineAndExitCodeTwo(string text)
    {
        File.WriteAllText(FilePath, text);
        var run = CliProcess.Run(null, "fuzz", "--harness", TimeHarness.Directory, "--duration", "1s");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Out + run.Error);
            var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), run.Error);
            Assert.That(lines[0], Does.StartWith("error: ").And.Contain(PreconditionsFile.FileName));
        });
    }

    static ApiParameter Param(ApiModel model, string function, string name) => model.Function(function)!.Parameters.Single(p => p.Name == name);
}
