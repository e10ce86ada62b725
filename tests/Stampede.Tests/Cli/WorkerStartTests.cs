using System.Diagnostics;
using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// <c>stampede fuzz</c> when its workers cannot load the library: a harness copied away from the library it names
/// (relative to its directory), a library file that is not ELF, one that is ELF but does not load. Each is one
/// <c>error:</c> line and exit 2; what can be seen before anything is created creates nothing, and no scratch
/// directory is left in the temporary folder. Leftover scratch directories of dead campaigns are removed at start.
/// </summary>
[TestFixture]
public class WorkerStartTests
{
    string root = "", temp = "", harness = "", library = "";

    [SetUp]
    public void CopyHarness()
    {
        root = Directory.CreateTempSubdirectory("stampede-worker-start-").FullName;
        temp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        // The bindings find the library at ../../build/native/plain/lib/ from the harness: inside root here.
        harness = Path.Combine(root, "harnesses", "svcconf");
        DirectoryCopy.Of(Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), harness);
        library = Path.Combine(root, "build", "native", "plain", "lib", "libsvcconf.so");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
    }

    [TearDown]
    public void Delete() => Directory.Delete(root, recursive: true);

    string Corpus => Path.Combine(root, "corpus");

    CliProcess.Result Fuzz() => StampedeProcess.Run(temp, "fuzz", "--harness", harness, "--corpus", Corpus, "--duration", "30s",
        "--no-triage", "--no-minimize");

    void AssertOneErrorLine(CliProcess.Result r, string contains)
    {
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: ").And.Contain(contains).And.Not.Contain("\n"), r.Error);
        Assert.That(Directory.GetDirectories(temp, "stampede-*"), Is.Empty, "no scratch directory is left behind");
    }

    [Test]
    public void A_harness_copied_away_from_its_library_is_one_error_line_and_creates_no_corpus()
    {
        var r = Fuzz();
        AssertOneErrorLine(r, library);
        Assert.That(Directory.Exists(Corpus), Is.False, "the harness is checked before anything is created");
    }

    [Test]
    public void A_library_that_is_not_ELF_is_one_error_line_and_creates_no_corpus()
    {
        File.WriteAllText(library, "not a shared library\n");
        var r = Fuzz();
        AssertOneErrorLine(r, library);
        Assert.That(Directory.Exists(Corpus), Is.False, "the harness is checked before anything is created");
    }

    [Test]
    public void A_library_that_is_ELF_but_does_not_load_is_one_error_line_from_the_worker()
    {
        // The ELF magic and then nothing a loader accepts: only dlopen in the worker can tell.
        File.WriteAllBytes(library, [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[200]]);
        var r = Fuzz();
        AssertOneErrorLine(r, "worker cannot start");
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void Scratch_directories_of_dead_campaigns_are_removed_at_start_and_those_of_live_ones_kept()
    {
        File.Copy(Path.Combine(RepoPaths.NativeLibDir(), "libsvcconf.so"), library);
        using var gone = Process.Start("true")!;
        gone.WaitForExit();
        string dead = Directory.CreateDirectory(Path.Combine(temp, $"stampede-{gone.Id}", "job0")).FullName;
        string live = Directory.CreateDirectory(Path.Combine(temp, $"stampede-{Environment.ProcessId}")).FullName;

        var r = StampedeProcess.Run(temp, "fuzz", "--harness", harness, "--corpus", Corpus, "--duration", "30s", "--programs", "1",
            "--repetitions", "10", "--no-triage", "--no-minimize");

        Assert.That(r.ExitCode, Is.EqualTo(0).Or.EqualTo(1), r.Out + r.Error);
        Assert.That(Directory.Exists(Path.GetDirectoryName(dead)), Is.False, "a dead campaign's scratch directory is removed");
        Assert.That(Directory.Exists(live), Is.True, "a live process's is kept");
        Assert.That(Directory.GetDirectories(temp, "stampede-*"), Is.EqualTo(new[] { live }), "the campaign removed its own");
        Assert.That(Directory.Exists(Path.Combine(Corpus, "svcconf", CorpusLayout.Findings)), Is.True);
    }
}
