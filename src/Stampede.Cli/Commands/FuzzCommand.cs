using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Engines;
using Stampede.Cli.Options;
using Stampede.Execution.Systematic;
using Stampede.Harnesses;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede fuzz</c>: a time-boxed campaign against a harness, with the engine <c>--engine</c> names.</summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var (harness, library) = (CliOptions.Harness(), CliOptions.Library());
        var duration = CliOptions.Duration("--duration", TimeSpan.FromSeconds(60), "how long: 90s, 10m, 8h");
        var threads = CliOptions.Threads("most threads per program (2-64)");
        var jobs = CliOptions.Count("--jobs", 1, "worker processes (or AFL++ instances) in parallel", max: 64);
        var seed = CliOptions.Seed("seed of program generation");
        var corpus = CliOptions.Corpus("corpus directory (default: corpus/ of the repository, or next to the harness)");
        var mode = CliOptions.Mode(
            "stress (threads released together, many repetitions) or systematic (Coyote interleaves the calls, each finding gets a replayable trace)");
        var strategy = CliOptions.Strategy("systematic mode's Coyote strategy: portfolio, random, pct (prioritization) or probabilistic");
        var iterations = CliOptions.Count("--iterations", ProgramMode.Systematic.DefaultIterations, "systematic mode: iterations (schedules) per program");
        var engine = CliOptions.Engine();
        var feedback = CliOptions.Feedback("with --engine afl, what guides AFL++: managed, native, interleaving, combined with commas");
        var aflDir = CliOptions.AflDirectory("with --engine afl, AFL++'s working directory (default: build/afl/<harness> of the repository)");
        var sanitizer = CliOptions.Sanitizer();
        var scheduleBuild = ScheduleBuild.Create();
        var (hang, rssLimitMb) = (CliOptions.Hang(), CliOptions.RssLimitMb());
        var repetitions = CliOptions.Repetitions(ProgramMode.Stress.DefaultRepetitions,
            "repetitions of each program, each from fresh library state (--engine afl: per input, default " +
            $"{Campaigns.Afl.AflCampaignOptions.DefaultRepetitions})");
        var programs = CliOptions.OptionalCount("--programs", "stop after this many programs");
        var shard = new Option<string?>("--shard")
        {
            Description = "run shard I of N (I/N, counted from 0; or N, the index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID): " +
                          "its share of the programs, written under --corpus/shard-I, the other shards' findings known (docs/scale-out.md)",
        };
        var syncInterval = CliOptions.Duration("--sync-interval", Campaigns.Sharding.ShardSync.DefaultInterval,
            "with --shard, how often to read the other shards' findings and interesting programs");
        var noTriage = new Option<bool>("--no-triage") { Description = "do not triage new findings after the campaign" };
        var noMinimize = new Option<bool>("--no-minimize") { Description = "do not minimize new findings after the campaign" };
        var noHammer = new Option<bool>("--no-hammer")
        {
            Description = "stress mode without the hammer phase (part of the time spent running a program's calls round after round on shared handles)",
        };
        var preflight = PreflightCheck.Option();
        var profile = new Option<bool>("--profile") { Description = "after the campaign, print where its time went (PROFILE: lines, per phase)" };
        var minimizeBudget = CliOptions.Duration("--minimize-budget", FollowUpOptions.DefaultMinimizeBudget, "time to minimize each new finding: 20s, 2m");
        var failOn = CliOptions.FailOn();
        var (failWhen, known, outputs) = (CliOptions.FailWhen(), CliOptions.Known(), new ReportOutputs());
        var learnBudget = CliOptions.LearnBudget();
        var maxTotalTime = CliOptions.OptionalDuration(TotalTime.Option, $"cap on the whole command, triage and minimization included ({TotalTime.Default})");

        var command = new Command("fuzz", "Run a campaign: generate concurrent programs, hammer them from many threads, report findings");
        foreach (var o in new Option[] { harness, duration, threads, jobs, seed, corpus, mode, strategy, iterations, engine, sanitizer, repetitions, programs,
                     noTriage, noMinimize, minimizeBudget, feedback, aflDir, profile, noHammer, preflight })
            command.Options.Add(o);
        command.Options.Add(hang);
        command.Options.Add(rssLimitMb);
        command.Options.Add(maxTotalTime);
        command.Options.Add(failOn);
        command.Options.Add(failWhen);
        command.Options.Add(known);
        outputs.AddTo(command);
        command.Options.Add(learnBudget);
        command.Options.Add(shard);
        command.Options.Add(syncInterval);
        command.Options.Add(scheduleBuild);
        command.Options.Add(library);
        command.SetAction((parse, cancel) =>
        {
            var kind = parse.GetValue(engine);
            bool isSystematic = parse.GetValue(mode) == ModeChoice.Systematic;
            if (kind == EngineKind.Afl)
            {
                // What only the random engine does, refused before anything starts.
                if (isSystematic)
                    throw new UsageException("--mode systematic is not supported with --engine afl (replay AFL's findings with stampede repro --mode systematic)");
                if (parse.GetValue(sanitizer) is not null)
                    throw new UsageException("--sanitizer is not supported with --engine afl (reproduce AFL's findings under a sanitizer with stampede repro --sanitizer)");
                if (parse.GetValue(programs) is not null) throw new UsageException("--programs applies to --engine random only");
                if (parse.GetValue(shard) is not null) throw new UsageException("--shard applies to --engine random only (AFL++ instances share their queues by themselves with --jobs)");
            }
            var part = parse.GetValue(shard) is { } shardText ? ShardOf(shardText) : Campaigns.Sharding.Shard.Whole;
            if (parse.GetValue(preflight) && (isSystematic || kind == EngineKind.Afl))
                throw new UsageException("--preflight checks stress campaigns' workers: not with --mode systematic or --engine afl");
            ProgramMode programMode = isSystematic
                ? new ProgramMode.Systematic(parse.GetValue(strategy)!, parse.GetValue(iterations))
                : new ProgramMode.Stress(parse.GetValue(repetitions), Hammer: !parse.GetValue(noHammer));
            var options = new CampaignOptions(parse.GetValue(duration), parse.GetValue(threads), parse.GetValue(jobs), parse.GetValue(seed),
                parse.GetValue(corpus), programMode, parse.GetValue(hang), MaxPrograms: parse.GetValue(programs));
            var afl = new AflSettings(parse.GetValue(feedback), parse.GetValue(aflDir),
                parse.GetResult(repetitions) is { Implicit: false } ? parse.GetValue(repetitions) : null);
            var policy = new RunPolicy(parse.GetValue(failOn), parse.GetValue(failWhen), KnownFile.Read(parse.GetValue(known)));
            var followUp = new FollowUpOptions(!parse.GetValue(noTriage), !parse.GetValue(noMinimize), parse.GetValue(minimizeBudget), parse.GetValue(hang));
            var (opened, launch) = SanitizerWorkers.Prepare(
                ScheduleBuild.Apply(CliOptions.OpenHarness(parse, harness, library), parse.GetValue(scheduleBuild), isSystematic, parse.GetValue(sanitizer)),
                parse.GetValue(sanitizer));
            launch = launch with { RssLimitMb = parse.GetValue(rssLimitMb) };
            // The preflight and learning are not charged to the default cap (TotalTime): they come before the campaign.
            var preparing = System.Diagnostics.Stopwatch.StartNew();
            if (parse.GetValue(preflight)) PreflightCheck.Run(parse.GetValue(sanitizer), launch, parse.GetValue(hang), parse.GetValue(repetitions), cancel);
            // Programs stay inside what single calls survive: learned first when the harness has not (docs/preconditions.md).
            opened = PreconditionLearning.Ensure(opened, launch, new Campaigns.Learning.LearningOptions(parse.GetValue(learnBudget), parse.GetValue(hang)), force: false);
            using var attribution = SanitizerWorkers.Attribution(opened, launch, parse.GetValue(sanitizer), parse.GetValue(hang));
            // One shard of several writes its own directory of the shared root and reads the others' (docs/scale-out.md).
            Campaigns.Sharding.ShardSync? sync = null;
            if (!part.IsWhole)
            {
                string root = Path.GetFullPath(options.CorpusDirectory ?? DefaultPlaces.Corpus(opened.Directory));
                sync = new Campaigns.Sharding.ShardSync(root, part, DefaultPlaces.CorpusName(opened), opened.Model, parse.GetValue(syncInterval));
                options = options with { CorpusDirectory = sync.OwnDirectory, Shard = part };
            }
            return Task.FromResult(CampaignRunner.Run(CampaignEngines.Create(kind, options, afl), opened, options.CorpusDirectory, launch, attribution, followUp,
                policy, outputs.Read(parse), TotalTime.Start(options.Duration, parse.GetValue(maxTotalTime), preparing.Elapsed), cancel,
                parse.GetValue(profile), sync));
        });
        return command;
    }

    /// <summary>The shard <c>--shard</c> names, its index from the array job's variable when it gives only N.</summary>
    static Campaigns.Sharding.Shard ShardOf(string text)
    {
        try { return Campaigns.Sharding.Shard.Parse(text, Environment.GetEnvironmentVariable); }
        catch (FormatException e) { throw new UsageException(e.Message); }
    }
}
