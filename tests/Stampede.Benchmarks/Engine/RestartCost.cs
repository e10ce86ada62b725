using Stampede.Harnesses;
using System.Diagnostics;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Worker;

namespace Stampede.Benchmarks.Engine;

/// <summary>Median milliseconds of one step of replacing a worker, over <see cref="RestartCost.Rounds"/> rounds.</summary>
public sealed record RestartRow(string Step, double MedianMilliseconds, double MinMilliseconds, double MaxMilliseconds);

/// <summary>
/// What a worker's death costs a campaign: starting a worker until it is ready (harness compiled and cached, library
/// loaded), and a crash from the request to the finished evidence (the runtime's crash report, symbolized, and the
/// call board read). The crashing program is svcconf's seeded ordinary bug (<c>conf_import</c> of a comment without
/// a newline), which kills the worker on its first call, so that what is timed is the supervision, not the search.
/// </summary>
public static class RestartCost
{
    public const int Rounds = 15;

    public static IReadOnlyList<RestartRow> Measure(string svcconfHarness, WorkerLaunch cli, Action<string> log)
    {
        var harness = Harness.Open(svcconfHarness);
        var symbolizer = Symbolizer.For(harness.LibraryPath);
        string scratch = Directory.CreateTempSubdirectory("stampede-bench-restart-").FullName;
        string crashing = $"# stampede program v1\nlibrary {harness.Library}\nthread 0:\n  conf_import(\"# comment\")\nthread 1:\n  stats_add(1)\n";
        var start = new List<double>();
        var crash = new List<double>();
        try
        {
            WorkerProcess.StartReady(cli, harness, scratch, symbolizer).Dispose(); // compiles and caches the harness
            for (int round = 0; round < Rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                using var worker = WorkerProcess.StartReady(cli, harness, scratch, symbolizer);
                start.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                var result = worker.Run(new WorkerRequest(round, crashing, 10, 0, round, 3), 2, TimeSpan.FromSeconds(30));
                crash.Add(clock.Elapsed.TotalMilliseconds);
                if (result is not ProgramResult.Crashed) throw new InvalidOperationException($"the crashing program did not crash: {result}");
                log($"  restart round {round + 1}: ready after {start[^1]:F0} ms, crash evidence after {crash[^1]:F0} ms");
            }
        }
        finally { Directory.Delete(scratch, recursive: true); }
        return
        [
            Row("worker start until ready (harness cached)", start),
            Row("crash: request sent until the evidence is complete", crash),
            Row("a worker's death in all (crash evidence + new worker ready)", start.Zip(crash, (s, c) => s + c).ToList()),
        ];
    }

    static RestartRow Row(string step, List<double> samples) => new(step, Stats.Median(samples), samples.Min(), samples.Max());
}
