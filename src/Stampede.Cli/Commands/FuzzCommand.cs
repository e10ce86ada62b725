using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede fuzz</c>: a time-boxed campaign of generated concurrent programs against a harness.</summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var harness = new Option<string>("--harness") { Required = true, Description = "harness directory (made by stampede new)" };
        var duration = new Option<string>("--duration") { DefaultValueFactory = _ => "60s", Description = "how long: 90s, 10m, 8h" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 4, Description = "most threads per program (2-64)" };
        var jobs = new Option<int>("--jobs") { DefaultValueFactory = _ => 1, Description = "worker processes in parallel" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "seed of program generation" };
        var corpus = new Option<string?>("--corpus") { Description = "corpus directory (default: corpus/ of the repository, or next to the harness)" };
        var mode = SystematicOptions.Mode(
            "stress (threads released together, many repetitions) or systematic (Coyote interleaves the calls, each finding gets a replayable trace)");
        var strategy = SystematicOptions.Strategy("systematic mode's Coyote strategy: portfolio, random, pct (prioritization) or probabilistic");
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 100, Description = "systematic mode: iterations (schedules) per program" };
        var engine = new Option<string>("--engine") { DefaultValueFactory = _ => "random", Description = "random" };
        engine.AcceptOnlyFromAmong("random");
        var sanitizer = new Option<string>("--sanitizer")
        {
            DefaultValueFactory = _ => "none",
            Description = "none, thread (ThreadSanitizer) or address (AddressSanitizer + UBSan): workers load the library's sanitizer build",
        };
        sanitizer.AcceptOnlyFromAmong("none", "thread", "address");
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 200, Description = "repetitions of each program, each from fresh library state" };
        var programs = new Option<long?>("--programs") { Description = "stop after this many programs" };
        var noTriage = new Option<bool>("--no-triage") { Description = "do not triage new findings after the campaign" };
        var noMinimize = new Option<bool>("--no-minimize") { Description = "do not minimize new findings after the campaign" };
        var minimizeBudget = new Option<string>("--minimize-budget")
        {
            DefaultValueFactory = _ => $"{FollowUpOptions.DefaultMinimizeBudget.TotalSeconds:F0}s",
            Description = "time to minimize each new finding: 20s, 2m",
        };

        var command = new Command("fuzz", "Run a campaign: generate concurrent programs, hammer them from many threads, report findings");
        foreach (var o in new Option[] { harness, duration, threads, jobs, seed, corpus, mode, strategy, iterations, engine, sanitizer, repetitions, programs,
                     noTriage, noMinimize, minimizeBudget })
            command.Options.Add(o);
        command.SetAction((parse, cancel) =>
        {
            var time = Durations.TryParse(parse.GetValue(duration)!)
                ?? throw new UsageException($"--duration '{parse.GetValue(duration)}' is invalid: write 90s, 10m or 8h");
            int t = parse.GetValue(threads), j = parse.GetValue(jobs), r = parse.GetValue(repetitions);
            if (t is < 2 or > 64) throw new UsageException($"--threads {t} is invalid: 2 to 64");
            if (j is < 1 or > 64) throw new UsageException($"--jobs {j} is invalid: 1 to 64");
            if (r < 1) throw new UsageException($"--repetitions {r} is invalid: at least 1");
            bool systematic = parse.GetValue(mode) == SystematicOptions.Systematic;
            int n = parse.GetValue(iterations);
            if (n < 1) throw new UsageException($"--iterations {n} is invalid: at least 1");
            var options = new CampaignOptions(parse.GetValue(harness)!, time, t, j, parse.GetValue(seed),
                parse.GetValue(corpus), systematic ? n : r, MaxPrograms: parse.GetValue(programs),
                Strategy: systematic ? parse.GetValue(strategy) : null);
            var budget = Durations.TryParse(parse.GetValue(minimizeBudget)!)
                ?? throw new UsageException($"--minimize-budget '{parse.GetValue(minimizeBudget)}' is invalid: write 20s or 2m");
            var followUp = new FollowUpOptions(!parse.GetValue(noTriage), !parse.GetValue(noMinimize), budget);
            var launch = SanitizerWorkers.Launch(parse.GetValue(sanitizer)!, parse.GetValue(harness)!);
            return Task.FromResult(CampaignRunner.Run(options, launch, cancel, followUp));
        });
        return command;
    }
}
