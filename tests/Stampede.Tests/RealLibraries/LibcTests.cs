using System.Text.RegularExpressions;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.RealLibraries;

/// <summary>
/// The C library as Debian ships it, through the committed harness (harnesses/libc: 24 time, string and random
/// functions, MT-Unsafe ones beside their reentrant twins, with the preconditions Stampede learned for them). The glibc
/// manual marks each function MT-Safe or MT-Unsafe by hand; that marking is the ground truth these tests hold the
/// findings to. One campaign serves every test of the fixture.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class LibcTests
{
    /// <summary>The harness's functions the glibc manual marks MT-Unsafe (race:tmbuf, race:asctime, race:strtok,
    /// race:strerror, race:drand48, race:ecvt, race:fcvt, race:l64a). Every other function of the harness is MT-Safe
    /// there (the <c>_r</c> twins, rand and srand behind glibc's own lock, mktime, a64l, strlen, strcmp).</summary>
    static readonly HashSet<string> MtUnsafe =
        ["asctime", "ctime", "gmtime", "localtime", "strtok", "strerror", "lrand48", "srand48", "ecvt", "fcvt", "l64a"];

    string _work = null!;
    CliProcess.Result _run = null!;
    List<RecordedFinding> _threadSafety = null!;

    [OneTimeSetUp]
    public void Campaign()
    {
        _work = Directory.CreateTempSubdirectory("stampede-libc-").FullName;
        var harness = Path.Combine(RepoPaths.Root, "harnesses", "libc");
        // 45 s of campaign (the committed preconditions are current: nothing to learn), triage within the total time,
        // no minimization: about 65 s.
        _run = CliProcess.Run(_work, "fuzz", "--harness", harness, "--corpus", Path.Combine(_work, "corpus"),
            "--duration", "45s", "--seed", "1", "--no-minimize", "--max-total-time", "75s");
        string findings = Path.Combine(_work, "corpus", "c", CorpusLayout.Findings);
        _threadSafety = (Directory.Exists(findings) ? Directory.GetDirectories(findings) : [])
            .Select(d => ReportJson.Read(File.ReadAllText(Path.Combine(d, "report.json"))))
            .Where(f => f.Triage?.Verdict.IsThreadSafety() == true).ToList();
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_work, recursive: true);

    /// <summary>What this guarantees: in 45 s at seed 1 the campaign exits 1 with at least two thread-safety findings
    /// among the static-buffer races glibc documents (asctime, ctime, ecvt, fcvt return a buffer every caller shares).
    /// Each of the four alone shows in most such campaigns; two is the margin that keeps this from flaking.</summary>
    [Test]
    public void Static_buffer_races_are_found()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(1), _run.Out + _run.Error);
        var found = _threadSafety.Select(f => Function(f.Finding.Signature))
            .Where(f => f is "asctime" or "ctime" or "ecvt" or "fcvt").Distinct().ToList();
        Assert.That(found, Has.Count.GreaterThanOrEqualTo(2), _run.Out);
    }

    /// <summary>What this guarantees: no function the glibc manual marks MT-Safe is accused. Every finding triage counts
    /// as thread-safety is signed by an MT-Unsafe function, so neither a reentrant twin (<c>strtok_r</c>'s pointer
    /// out-value once was) nor a precondition broken on one thread (a short buffer for <c>asctime_r</c>) is
    /// reported as a race.</summary>
    [Test]
    public void Only_MT_Unsafe_functions_are_reported_as_thread_safety_bugs()
    {
        Assert.That(_threadSafety, Is.Not.Empty, _run.Out + _run.Error);
        foreach (var f in _threadSafety)
            Assert.That(MtUnsafe, Does.Contain(Function(f.Finding.Signature)),
                $"{f.Finding.Signature} is reported as a thread-safety bug ({f.Triage!.Label}):\n{f.Finding.Program}");
    }

    /// <summary>The function a signature names: the frame or call after the kind (and the signal, for crashes), before
    /// the callers a crash signature may add (<c>find&lt;kv_put</c>).</summary>
    static string Function(string signature) =>
        SignatureFunction().Match(signature) is { Success: true } m ? m.Groups[1].Value : signature;

    [GeneratedRegex(@"^[a-z-]+:(?:SIG[A-Z]+:)?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SignatureFunction();
}
