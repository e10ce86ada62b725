using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Model.Programs;
using Stampede.Harnesses;
using Stampede.Oracles.Process;
using Stampede.Worker;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// The hammer phase through a real worker: a program's calls round after round on one set of handles, with the call board
/// kept, so a crash or a hang a million calls in is still attributed to the calls in flight. A small C library built here
/// with clang fails deterministically on its 50,000th call (a counter, not a race), so what is tested is the phase's
/// machinery, not luck.
/// </summary>
[TestFixture]
public sealed class HammerPhaseTests
{
    const string Header = "int tick(void);\nint stall_late(void);\nint crash_late(void);\n";

    const string Source = """
        #include <stdlib.h>
        #include <unistd.h>
        static volatile int stalls, crashes;
        int tick(void) { return 1; }
        /* Calls from several threads race on the counters: good enough to pass 50,000 sooner or later. */
        int stall_late(void) { if (++stalls == 50000) for (;;) pause(); return 1; }
        int crash_late(void) { if (++crashes == 50000) abort(); return 1; }
        """;

    string temp = "";

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("stampede-hammer-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(temp, recursive: true);

    [Test]
    public void A_hammer_request_runs_the_calls_round_after_round_and_answers_clean()
    {
        var result = Run("thread 0:\n  tick()\n  tick()\nthread 1:\n  tick()\n", seconds: 0.5);
        Assert.That(result, Is.TypeOf<ProgramResult.Clean>(), result.ToString());
        Assert.That(result.Calls, Is.GreaterThan(10_000), "half a second of rounds");
        Assert.That(result.Repetitions, Is.GreaterThan(5_000).And.LessThan(result.Calls), "repetitions count rounds");
    }

    [Test]
    public void A_call_that_never_returns_deep_into_the_hammer_is_a_hang_naming_it()
    {
        var result = Run("thread 0:\n  tick()\n  stall_late()\nthread 1:\n  stall_late()\n", seconds: 20);
        Assert.That(result, Is.TypeOf<ProgramResult.Hung>(), result.ToString());
        var hang = ((ProgramResult.Hung)result).Evidence;
        Assert.That(hang.Threads.Where(t => t.State == ThreadActivity.InCall).Select(t => t.Function), Does.Contain("stall_late"));
    }

    [Test]
    public void A_crash_deep_into_the_hammer_names_the_call_in_flight()
    {
        var result = Run("thread 0:\n  crash_late()\nthread 1:\n  tick()\n  tick()\n", seconds: 20);
        Assert.That(result, Is.TypeOf<ProgramResult.Crashed>(), result.ToString());
        var crash = ((ProgramResult.Crashed)result).Evidence;
        Assert.That(crash.Signal, Is.EqualTo("SIGABRT"));
        Assert.That(crash.Threads.Single(t => t.Thread == 0), Has.Property("State").EqualTo(ThreadActivity.InCall).And.Property("Function").EqualTo("crash_late"));
    }

    /// <summary>A failure the hammer phase found is recorded with a program marked <c>hammer</c>, and every replay
    /// (repro, triage's schedules, minimization: all through <see cref="Reproducer"/>) hammers it again: a crash on the
    /// 50,000th call comes back under the stress, serialized and single-threaded schedules, and never in 10 repetitions
    /// of the same calls from fresh state.</summary>
    [Test]
    public void A_hammer_program_is_replayed_by_hammering_under_each_schedule()
    {
        var harness = Library();
        using var reproducer = new Reproducer(harness, WorkerLaunch.CliIn(AppContext.BaseDirectory), TimeSpan.FromSeconds(1));
        string text = $"# stampede program v1\nlibrary {harness.Library}\nhammer\nthread 0:\n  crash_late()\nthread 1:\n  tick()\n";
        var program = ProgramText.Parse(text, harness.Model);
        Assert.That(program.Hammer, Is.True);
        Assert.That(ProgramText.Print(program), Is.EqualTo(text), "the hammer line prints back");
        foreach (var schedule in new[] { Schedule.Stress, Schedule.Serialized, Schedule.SingleThreaded })
            Assert.That(reproducer.RunOnce(program, repetitions: 10, schedule)?.Crash?.Signal, Is.EqualTo("SIGABRT"), schedule.ToString());
        Assert.That(reproducer.RunOnce(program with { Hammer = false }, repetitions: 10), Is.Null);
    }

    ProgramResult Run(string threads, double seconds)
    {
        var harness = Library();
        using var worker = WorkerProcess.Start(WorkerLaunch.CliIn(AppContext.BaseDirectory), harness, Path.Combine(temp, "scratch"),
            new Symbolizer(new Dictionary<string, string>()), TimeSpan.FromSeconds(120));
        Assert.That(worker.Hello.Ready, Is.True, worker.Hello.Error);
        string program = $"# stampede program v1\nlibrary {harness.Library}\nhammer\n{threads}";
        return worker.Run(WorkerRequest.ForHammer(1, program, seconds, hangSeconds: 1), 2, TimeSpan.FromSeconds(60));
    }

    /// <summary>The C library above, built with clang, and its harness made by <c>stampede new</c>.</summary>
    Harness Library() => Harness.Open(ClangBuiltLibrary.Harness(temp, "late", Header, Source));
}
