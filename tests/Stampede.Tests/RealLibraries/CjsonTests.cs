using System.Text.RegularExpressions;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.RealLibraries;

/// <summary>
/// cJSON as Debian ships it (libcjson-dev), tried as a new user would: a harness made by <c>stampede new</c> from the
/// installed header, no configuration, then one <c>stampede fuzz</c> campaign with a fixed seed. cJSON documents one
/// global state: <c>cJSON_Parse</c> of invalid input stores the error position in a global that
/// <c>cJSON_GetErrorPtr</c> reads (its README, "Thread Safety"). One campaign serves every test of the fixture.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class CjsonTests
{
    string _work = null!;
    CliProcess.Result _run = null!;

    [OneTimeSetUp]
    public void ZeroCodeCampaign()
    {
        _work = Directory.CreateTempSubdirectory("stampede-cjson-").FullName;
        var harness = Path.Combine(_work, "cjson");
        var made = CliProcess.Run(null, "new", "--header", "/usr/include/cjson/cJSON.h", "--lib", "cjson", "--out", harness);
        Assert.That(made.ExitCode, Is.Zero, made.Out + made.Error);
        // 90 s of campaign (learning first, 3 s now), triage within the total time, no minimization: about 110 s.
        _run = CliProcess.Run(null, "fuzz", "--harness", harness, "--corpus", Path.Combine(_work, "corpus"), "--duration", "90s",
            "--seed", "1", "--no-minimize", "--max-total-time", "110s");
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_work, recursive: true);

    /// <summary>What this guarantees: zero-code, in 90 s, the campaign finds cJSON's error-position race — a finding
    /// (not linearizable or isolation) on <c>cJSON_GetErrorPtr</c>, which reads the position another thread's failing
    /// parse left — and exits 1 for it.</summary>
    [Test]
    public void The_error_position_race_is_found_zero_code()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(1), _run.Out + _run.Error);
        Assert.That(_run.Out, Does.Match(@"NEW: (not-linearizable|isolation) \S*cJSON_GetErrorPtr"), _run.Out);
    }

    /// <summary>What this guarantees: inside the envelope generation keeps (element counts, items of their holder, no
    /// reference cycles, no cJSON_free of the worker's memory), no finding of the campaign fails on one thread, so none
    /// of its thread-safety findings is misuse; and no finding is a crash of one of the array constructors.</summary>
    [Test]
    public void No_finding_reproduces_single_threaded()
    {
        var summary = FailingOnOneThread().Match(_run.Out);
        Assert.That(summary.Success, Is.True, _run.Out + _run.Error);
        Assert.That(summary.Groups[1].Value, Is.EqualTo("0"), _run.Out);
        Assert.That(_run.Out, Does.Not.Match(@"NEW: crash \S*cJSON_Create\w*Array"), _run.Out);
    }

    [GeneratedRegex(@"SUMMARY: .*?(\d+) failing on one thread")]
    private static partial Regex FailingOnOneThread();
}
