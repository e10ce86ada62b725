using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// A worker that glibc aborts on a corrupted heap, on the real C library: <c>ctime_r</c> writes its 26 bytes into a
/// 3-byte string, and glibc's allocator notices on the next allocation ("malloc(): invalid size (unsorted)") and calls
/// abort() while it holds its lock; the runtime's crash handler then often blocks on that lock and the worker never
/// dies on its own.
/// </summary>
[TestFixture]
public class GlibcAbortTests
{
    /// <summary>
    /// What this guarantees: every run is a SIGABRT crash signed by the function that was called or, when glibc
    /// notices the corruption only after the call returned (in the worker's free() of the argument), by glibc's
    /// message — never a hang, never the crash handler's frames (<c>wait4</c>, <c>gsignal</c>) — and the supervisor
    /// does not wait for the hang limit to say so: with <c>--hang 100s</c>, a blocked worker would be waited for
    /// 202 s per run, past the 150 s this test gives all three. Which of the two places glibc notices it varies
    /// from run to run on a plain build; an ASan build names the overflow in the call every time.
    /// </summary>
    [Test]
    public void An_abort_whose_crash_handler_blocks_is_a_crash_of_the_call_without_waiting_for_the_hang_limit()
    {
        var harness = LibcHarness.Open();
        string dir = Directory.CreateTempSubdirectory("stampede-glibc-abort-").FullName;
        try
        {
            string program = Path.Combine(dir, "program.txt");
            File.WriteAllText(program, $"# stampede program v1\nlibrary {harness.Library}\nthread 0:\n  ctime_r(buf[16], \"k1\")\n");
            var r = CliProcess.Run("dotnet", dir, [RepositoryPaths.Cli, "repro", "--harness", harness.Directory, "--runs", "3",
                "--repetitions", "1", "--no-triage", "--hang", "100s", program], timeoutMs: 150_000);

            Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
            var runs = r.Out.Split('\n').Where(l => l.StartsWith("run ")).ToArray();
            Assert.That(runs, Has.Length.EqualTo(3), r.Out);
            Assert.That(runs, Has.All.Match(@"^run \d: crash:SIGABRT:(ctime_r|(malloc|free)\S*\(\): .+)$"), r.Out);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
