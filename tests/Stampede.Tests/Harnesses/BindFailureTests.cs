using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Harnesses;

/// <summary>
/// A worker whose library loads but does not export a function of the harness (the wrong build, another library under
/// the harness's file name) has a configuration error of the run, not a crash of the library: fuzz, repro and minimize
/// each stop with one <c>error:</c> line naming the library file and the function, exit 2, and no finding is written.
/// (Before, each call of such a function threw EntryPointNotFoundException in the worker, which died of it, and
/// every death was a crash finding.)
/// </summary>
[TestFixture]
public class BindFailureTests
{
    string root = "", harness = "", library = "", program = "";

    [SetUp]
    public void HarnessOverAnotherLibrary()
    {
        root = Directory.CreateTempSubdirectory("stampede-bind-failure-").FullName;
        // svcconf's bindings find their library at ../../build/native/plain/lib/ from the harness: inside root here,
        // where libtextkit.so (a real library, without any conf_* function) stands in for libsvcconf.so.
        harness = SampleHarnessCopy.Make("svcconf", Path.Combine(root, "harnesses", "svcconf"));
        library = Path.Combine(root, "build", "native", "plain", "lib", "libsvcconf.so");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.Copy(RepositoryPaths.SampleLibrary("textkit"), library);
        program = Path.Combine(root, "program.txt");
        File.WriteAllText(program, "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_unset(\"a\")\nthread 1:\n  conf_unset(\"b\")\n");
    }

    [TearDown]
    public void Delete() => Directory.Delete(root, recursive: true);

    string Corpus => Path.Combine(root, "corpus");

    void AssertOneBindError(CliProcess.Result r)
    {
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: ").And.Contain($"{library} does not export conf_").And.Not.Contain("\n"), r.Error);
        var findings = Path.Combine(Corpus, "svcconf", "findings");
        Assert.That(Directory.Exists(findings) ? Directory.GetFileSystemEntries(findings) : [], Is.Empty, "no finding is written");
    }

    [Test]
    public void Fuzz_stops_with_one_error_line_and_no_finding() =>
        AssertOneBindError(CliProcess.Run(root, "fuzz", "--harness", harness, "--corpus", Corpus, "--duration", "10s"));

    [Test]
    public void Repro_and_minimize_stop_with_one_error_line() => Assert.Multiple(() =>
    {
        AssertOneBindError(CliProcess.Run(root, "repro", program, "--harness", harness, "--runs", "1", "--repetitions", "5"));
        AssertOneBindError(CliProcess.Run(root, "minimize", program, "--harness", harness));
    });
}
