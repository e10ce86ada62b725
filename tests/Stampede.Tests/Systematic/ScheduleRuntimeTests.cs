using System.Diagnostics;

namespace Stampede.Tests.Systematic;

/// <summary>
/// The native scheduling runtime (native/schedrt, the schedule build) drives threads inside library calls: every load,
/// store and lock of an instrumented library is a point where it may switch threads. These tests run its own C driver
/// on the schedule builds of the samples, real pthreads and real libraries. With seed 1 and PCT depth 3 the search is
/// deterministic: each bug below is found within a budget 50 to 1000 times what it needs, and the trace a search
/// writes replays the same outcome in a fresh process. The C host stays until the worker loads the runtime itself.
/// </summary>
[TestFixture]
public class ScheduleRuntimeTests
{
    static string Bin(string name) => Path.Combine(RepoPaths.Root, "build", "native", "schedule", "bin", name);

    static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(Bin(program)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(120)), Is.True, $"{program} {string.Join(' ', args)} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    static string Outcome(string output) =>
        output.Split('\n').FirstOrDefault(line => line.StartsWith("OUTCOME: "))?["OUTCOME: ".Length..] ?? "";

    [Test]
    public void The_runtime_passes_its_self_test()
    {
        var (exitCode, output) = Run("schedrt_selftest");
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("SUMMARY: all passed (0 failed)"));
    }

    // The lost update on a reference count, a wrong result; and the lock-order inversion, a deadlock the runtime sees
    // (every unfinished thread blocked) with no timeout, naming which thread waits for which lock where.
    [TestCase("obj_refs", "wrong-result: refcount 3")]
    [TestCase("ledger", "deadlock: every unfinished thread is blocked")]
    [TestCase("kv_store", "wrong-result:")]
    public void A_race_inside_the_calls_is_found_and_its_trace_replays_it(string scenario, string expected)
    {
        var dir = ScratchDir();
        try
        {
            var (found, search) = Run("schedrt_driver", "search", scenario, "--budget", "2000", "--seed", "1", "--out", dir);
            Assert.That(Outcome(search), Does.StartWith(expected), search);
            Assert.That(found, Is.EqualTo(1), "a search that finds a failure exits 1");
            var trace = Path.Combine(dir, scenario + ".trace");
            for (var i = 0; i < 3; i++)
            {
                var (exitCode, replay) = Run("schedrt_driver", "replay", scenario, trace);
                Assert.That(Outcome(replay), Is.EqualTo(Outcome(search)), $"replay {i + 1}: {replay}");
                Assert.That(exitCode, Is.EqualTo(1), "a replay that reproduces the failure exits 1");
                if (scenario == "ledger")
                    Assert.That(replay, Does.Contain("waits for mutex").And.Contain("in ledger_post"));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    // Thread-safe controls: the same search finds nothing, so the runtime's switches do not invent failures.
    [TestCase("atom_refs")]
    [TestCase("settings")]
    [TestCase("kv_distinct")]
    public void A_thread_safe_function_stays_clean_under_the_same_search(string scenario)
    {
        var dir = ScratchDir();
        try
        {
            var (exitCode, output) = Run("schedrt_driver", "search", scenario, "--budget", "300", "--seed", "1", "--out", dir);
            Assert.That(output, Does.Contain("nothing after 300 iterations"), output);
            Assert.That(exitCode, Is.Zero);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static string ScratchDir() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "stampede-schedrt-" + Guid.NewGuid().ToString("N"))).FullName;
}
