using Stampede.Harnesses;
using Stampede.Worker.Afl;
using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Afl;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Coverage;

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
        var engine = new Option<string>("--engine")
        {
            DefaultValueFactory = _ => "random",
            Description = "random (generated programs) or afl (AFL++ over bytes decoded into programs, coverage-guided: docs/coverage-fuzzing.md)",
        };
        engine.AcceptOnlyFromAmong("random", "afl");
        var feedback = new Option<string>("--feedback")
        {
            DefaultValueFactory = _ => "managed,native,interleaving",
            Description = "with --engine afl, what guides AFL++: managed, native, interleaving, combined with commas",
        };
        var aflDir = new Option<string?>("--afl-dir") { Description = "with --engine afl, AFL++'s working directory (default: build/afl/<harness> of the repository)" };
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
                     noTriage, noMinimize, minimizeBudget, feedback, aflDir })
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
            var options = new CampaignOptions(time, t, j, parse.GetValue(seed),
                parse.GetValue(corpus), systematic ? n : r, MaxPrograms: parse.GetValue(programs),
                Strategy: systematic ? parse.GetValue(strategy) : null);
            var budget = Durations.TryParse(parse.GetValue(minimizeBudget)!)
                ?? throw new UsageException($"--minimize-budget '{parse.GetValue(minimizeBudget)}' is invalid: write 20s or 2m");
            var followUp = new FollowUpOptions(!parse.GetValue(noTriage), !parse.GetValue(noMinimize), budget);
            if (parse.GetValue(engine) == "afl" && systematic)
                throw new UsageException("--mode systematic is not supported with --engine afl (replay AFL's findings with stampede repro --mode systematic)");
            if (parse.GetValue(engine) == "afl" && parse.GetValue(sanitizer) != "none")
                throw new UsageException("--sanitizer is not supported with --engine afl (run its findings with stampede repro --sanitizer)");
            var (opened, launch) = SanitizerWorkers.Prepare(Harness.Open(parse.GetValue(harness)!), Sanitizer.Named(parse.GetValue(sanitizer)!));
            if (parse.GetValue(engine) == "afl") return Task.FromResult(Afl(parse, opened, options, followUp, launch, feedback, aflDir, repetitions, cancel));
            return Task.FromResult(CampaignRunner.Run(opened, options, launch, cancel, followUp));
        });
        return command;
    }

    /// <summary><c>--engine afl</c>: the campaign's options carried over, a modest number of repetitions per input unless
    /// given (AFL++ wants many inputs a second), and --programs, which only the random engine knows, refused.</summary>
    static int Afl(ParseResult parse, Harness harness, CampaignOptions options, FollowUpOptions followUp, WorkerLaunch launch, Option<string> feedback,
        Option<string?> aflDir, Option<int> repetitions, CancellationToken cancel)
    {
        if (options.MaxPrograms is not null) throw new UsageException("--programs applies to --engine random only");
        FeedbackSignals signals;
        try { signals = FeedbackSignalsText.Parse(parse.GetValue(feedback)!); }
        catch (FormatException e) { throw new UsageException($"--feedback: {e.Message}"); }
        int perInput = parse.GetResult(repetitions) is { Implicit: false } ? options.Repetitions : AflCampaignOptions.DefaultRepetitions;
        var afl = new AflCampaignOptions(options.Duration, parse.GetValue(aflDir) ?? AflRunner.DefaultDirectory(harness.Directory),
            AflDecoding.Current(options.Threads), options.Jobs, options.Seed, perInput, signals, options.CorpusDirectory);
        return AflRunner.Run(harness, afl, launch, cancel, followUp);
    }
}
