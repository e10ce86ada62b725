using System.Diagnostics;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Tests.Bindgen;
using Stampede.Worker;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// What a library prints reaches the finding byte for byte: a real worker runs a small C library, built here with
/// clang, that writes bytes which are not UTF-8 to its standard error and output and then exits. Each such byte must
/// read as <c>\xNN</c> in the crash's standard error tail (as in returned strings), not as U+FFFD, which would make
/// different bytes read the same.
/// </summary>
[TestFixture]
public class WorkerOutputTests
{
    const string Header = "void noisy_exit(void);\n";

    const string Source = """
        #include <stdio.h>
        #include <unistd.h>
        void noisy_exit(void) {
            fputs("err \xff\xfe end \xe2\x82 caf\xc3\xa9\n", stderr);
            fputs("out \xc3(\n", stdout);
            fflush(stdout);
            _exit(3);
        }
        """;

    string temp = "";

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("stampede-output-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(temp, recursive: true);

    [Test]
    public void Bytes_that_are_not_utf8_on_the_workers_stderr_and_stdout_read_as_escapes()
    {
        var harness = NoisyHarness();
        var symbolizer = new Symbolizer(new Dictionary<string, string>());
        using var worker = WorkerProcess.Start(WorkerLaunch.CliIn(AppContext.BaseDirectory), harness, Path.Combine(temp, "scratch"), symbolizer,
            TimeSpan.FromSeconds(120));
        Assert.That(worker.Hello.Ready, Is.True, worker.Hello.Error);
        string text = $"# stampede program v1\nlibrary {harness.Library}\nthread 0:\n  noisy_exit()\n";

        var result = worker.Run(WorkerRequest.ForStress(1, text, 1, 0, 1, 5, 30), 1, TimeSpan.FromSeconds(30));

        Assert.That(result, Is.TypeOf<ProgramResult.Crashed>(), $"{result}");
        var stderr = ((ProgramResult.Crashed)result).Evidence.StandardErrorTail;
        Assert.That(stderr, Does.Contain(@"err \xff\xfe end \xe2\x82 café"));
        Assert.That(stderr, Does.Contain(@"out \xc3("), "the library's standard output is kept with its standard error");
        Assert.That(stderr, Does.Not.Contain("\uFFFD"));
    }

    /// <summary>The C library above, built with clang, and its harness made by <c>stampede new</c>.</summary>
    Harness NoisyHarness()
    {
        File.WriteAllText(Path.Combine(temp, "noisy.h"), Header);
        File.WriteAllText(Path.Combine(temp, "noisy.c"), Source);
        string library = Path.Combine(temp, "libnoisy.so");
        using (var clang = Process.Start("clang-19", ["-shared", "-fPIC", "-w", "-o", library, Path.Combine(temp, "noisy.c")]))
        {
            clang.WaitForExit();
            Assert.That(clang.ExitCode, Is.EqualTo(0), "clang-19 builds the library");
        }
        string dir = Path.Combine(temp, "noisy");
        var made = CliProcess.Run(temp, "new", "--header", Path.Combine(temp, "noisy.h"), "--lib", library, "--out", dir);
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Error);
        return Harness.Open(dir);
    }
}
