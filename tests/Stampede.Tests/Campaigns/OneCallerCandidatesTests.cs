using Stampede.Campaigns.Triaging;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model.Programs;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// The one-thread programs triage runs to ask whether one caller hits a failure, read from the failing run's
/// timeline: each in-flight thread's calls up to its failing call, then every call the run started in the order it
/// started. The second is what a crash in one of the oracles' sequential reference runs needs: that run made the
/// calls one at a time in an order of its own, which neither one thread's calls nor the program's order repeat.
/// </summary>
[TestFixture]
public class OneCallerCandidatesTests
{
    [Test]
    public void The_failing_runs_own_order_is_tried_after_the_failing_threads_prefix()
    {
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "svcconf"));
        var program = ProgramText.Parse("# stampede program v1\nlibrary " + harness.Library +
            "\nthread 0:\n  settings_put(\"a\", \"1\")\n  conf_import(\"k=v\")\nthread 1:\n  stats_add(5)\n  stats_add(6)\n", harness.Model);
        // t1's first call ran between t0's two; t0 died in its second; t1's second call never started.
        ThreadTimeline[] timeline =
        [
            new("t0", [new("settings_put", 0, 5, null), new("conf_import", 20, null, null)], InFlight: 1),
            new("t1", [new("stats_add", 10, 12, null)], InFlight: null),
        ];

        var candidates = FindingTriage.OneCallerCandidates(program, timeline, harness.Model)
            .Select(p => string.Join(", ", p.Threads.Single().Calls.Select(c => c.Function))).ToArray();

        Assert.That(candidates, Is.EqualTo(new[]
        {
            "settings_put, conf_import",
            "settings_put, stats_add, conf_import",
        }));
    }

    [Test]
    public void A_run_on_one_thread_adds_no_second_candidate()
    {
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "svcconf"));
        var program = ProgramText.Parse("# stampede program v1\nlibrary " + harness.Library +
            "\nthread 0:\n  settings_put(\"a\", \"1\")\n  conf_import(\"k=v\")\nthread 1:\n  stats_add(5)\n", harness.Model);
        ThreadTimeline[] timeline = [new("t0", [new("settings_put", 0, 5, null), new("conf_import", 20, null, null)], InFlight: 1)];

        Assert.That(FindingTriage.OneCallerCandidates(program, timeline, harness.Model).Count(), Is.EqualTo(1));
    }
}
