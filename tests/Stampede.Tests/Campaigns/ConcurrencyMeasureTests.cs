using System.Text.RegularExpressions;
using Stampede.Execution.Running;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// A campaign says how much its calls truly ran at the same time, and warns when they rarely did: then "no findings"
/// means little. A real library built here with clang does the same work in every function, once behind one global
/// mutex (the calls take turns: nothing runs together, whatever the machine) and once without it.
/// </summary>
[TestFixture]
public sealed class ConcurrencyMeasureTests
{
    const string Header = "int work_a(int n);\nint work_b(int n);\n";

    static string Source(bool locked) => $$"""
        #include <pthread.h>
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        /* About 20 microseconds of work, whatever n is: long enough that two threads' calls overlap when they can. */
        static int work(int n) {
            {{(locked ? "pthread_mutex_lock(&lock);" : "")}}
            volatile unsigned x = (unsigned)n;
            for (int i = 0; i < 20000; i++) x = x * 1664525u + 1013904223u;
            {{(locked ? "pthread_mutex_unlock(&lock);" : "")}}
            return (int)(x & 1) | 1;
        }
        int work_a(int n) { return work(n); }
        int work_b(int n) { return work(n); }
        """;

    string temp = "";

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("stampede-overlap-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(temp, recursive: true);

    [Test]
    public void A_library_that_takes_one_lock_in_every_function_is_reported_as_running_nothing_together()
    {
        var (locked, lockedOverlap) = Campaign("locked", locked: true);
        Assert.Multiple(() =>
        {
            Assert.That(locked.ExitCode, Is.EqualTo(0), locked.Out + locked.Error);
            Assert.That(lockedOverlap, Is.LessThan(Concurrency.LowOverlap * 100), locked.Out);
            Assert.That(locked.Error, Does.Contain("WARNING: calls rarely ran at the same time").And.Contain("one internal lock"));
            // --profile: where the time went, per phase, with how often each worker phase ran.
            Assert.That(locked.Out, Does.Match(@"PROFILE: +[\d.]+ % +[\d.]+ s  program threads \(barrier, calls, recording\) \([\d,]+ x \d+ us\)"));
            Assert.That(locked.Out, Does.Contain("  library reload (fresh state)").And.Contain("  worker start"));
        });
        // The same work without the lock runs together on a machine with two usable cores (CI has two). On one, it
        // cannot, and the warning is then as true: that case is the assertion's other branch.
        var (free, freeOverlap) = Campaign("free", locked: false);
        if (Stampede.Execution.Worker.OsThread.UsableCpus().Count >= 2)
            Assert.Multiple(() =>
            {
                Assert.That(freeOverlap, Is.GreaterThan(Concurrency.LowOverlap * 100), free.Out);
                Assert.That(free.Error, Does.Not.Contain("calls rarely ran at the same time"));
            });
        else Assert.That(free.Error, Does.Contain("calls rarely ran at the same time"));
    }

    /// <summary>A 6 s campaign on the library, locked or not: its result and the overlap its DONE line reports, in percent.</summary>
    (CliProcess.Result Run, double Overlap) Campaign(string name, bool locked)
    {
        string dir = Path.Combine(temp, name);
        string harness = ClangBuiltLibrary.Harness(dir, "work", Header, Source(locked));
        var run = CliProcess.Run(temp, "fuzz", "--harness", harness, "--duration", "6s", "--seed", "1",
            "--corpus", Path.Combine(dir, "corpus"), "--profile");
        var done = Regex.Match(run.Out, @"^DONE: .* overlap (\d+) %", RegexOptions.Multiline);
        Assert.That(done.Success, Is.True, "the DONE line reports the overlap: " + run.Out);
        return (run, double.Parse(done.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
