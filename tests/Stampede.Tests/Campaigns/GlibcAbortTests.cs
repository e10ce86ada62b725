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
    /// What this guarantees: every run is a SIGABRT crash with one signature, the function that was called — not a
    /// hang, not the crash handler's frames (<c>wait4</c>, <c>gsignal</c>) — and the supervisor does not wait for the
    /// hang limit to say so: with <c>--hang 100s</c>, a blocked worker would be waited for 202 s per run, past the
    /// 150 s this test gives all three.
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
            Assert.That(r.Out.Split('\n').Where(l => l.StartsWith("run ")), Is.EqualTo(new[]
                { "run 1: crash:SIGABRT:ctime_r", "run 2: crash:SIGABRT:ctime_r", "run 3: crash:SIGABRT:ctime_r" }), r.Out);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
