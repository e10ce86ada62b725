using Stampede.Cli.Options;
using Stampede.Harnesses;
using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Minimization;
using Stampede.Campaigns.Systematic;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede minimize</c>: shrinks a finding's program (or a program file) while the same failure still
/// reproduces in worker processes, printing each attempt and the result. A finding directory gets minimized.txt
/// (program.txt stays as it ran); for a file the result is printed, or written to <c>--out</c>. With
/// <c>--mode systematic</c> a candidate is run under schedules instead (a search of <c>--iterations</c> from
/// <c>--seed</c>, on the schedule build with <c>--schedule-build</c>), which answers the same every time, so the program
/// shrinks deterministically; on a schedule build a stress finding's race key is matched by the race
/// (<see cref="Campaigns.Systematic.ScheduledRace"/>). Exit 1 when the
/// failure reproduced (a finding, minimized as far as the budget allowed), 0 when it did not, 2 for bad input.
/// </summary>
internal static class MinimizeCommand
{
    public static Command Create()
    {
        var defaults = new MinimizeOptions();
        var harness = CliOptions.Harness();
        var runs = CliOptions.Count("--runs", defaults.Runs, "worker runs per candidate; a candidate reproduces if any run shows the failure");
        var repetitions = CliOptions.Repetitions(defaults.Repetitions, "repetitions per run (more for a flaky failure)");
        var budget = CliOptions.Duration("--budget", TimeSpan.FromMinutes(10), "time the minimization may take: 90s, 10m");
        var attempts = CliOptions.Count("--max-attempts", defaults.MaxAttempts, "most candidates to run");
        var sanitizer = CliOptions.Sanitizer();
        var (hang, rssLimitMb) = (CliOptions.Hang(), CliOptions.RssLimitMb());
        var output = new Option<string?>("--out") { Description = "write the minimized program to this file" };
        var mode = CliOptions.Mode("stress, or systematic: a candidate keeps the failure when a systematic search finds it (deterministic)");
        var strategy = CliOptions.Strategy("systematic search's strategy: portfolio, random, pct or probabilistic");
        var iterations = CliOptions.Count("--iterations", SystematicIterations, "systematic: most schedules to try per candidate");
        var seed = CliOptions.Seed("systematic search's seed");
        var scheduleBuild = ScheduleBuild.Create();
        var target = new Argument<string>("FILE|FINDING_DIR") { Description = "a program file, or a finding's directory in a corpus" };
        var command = new Command("minimize", "Shrink a finding's program while the same failure still reproduces");
        foreach (var o in new Option[] { harness, runs, repetitions, budget, attempts, sanitizer, output, mode, strategy, iterations, seed, scheduleBuild })
            command.Options.Add(o);
        command.Options.Add(hang);
        command.Options.Add(rssLimitMb);
        command.Arguments.Add(target);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(runs), r = parse.GetValue(repetitions), a = parse.GetValue(attempts);
            var time = parse.GetValue(budget);
            bool isSystematic = parse.GetValue(mode) == ModeChoice.Systematic;
            int i = parse.GetValue(iterations), s = parse.GetValue(seed);
            string how = parse.GetValue(strategy)!;
            var (opened, launch) = SanitizerWorkers.Prepare(
                ScheduleBuild.Apply(Harness.Open(parse.GetValue(harness)!), parse.GetValue(scheduleBuild), isSystematic, parse.GetValue(sanitizer)),
                parse.GetValue(sanitizer));
            var loaded = ProgramTarget.Load(parse.GetValue(target)!, opened);
            launch = launch with { RssLimitMb = parse.GetValue(rssLimitMb) };
            using var attribution = SanitizerWorkers.Attribution(opened, launch, parse.GetValue(sanitizer), parse.GetValue(hang));
            using var reproducer = new Reproducer(opened, launch, parse.GetValue(hang), attribution);

            string perCandidate = isSystematic ? $"a search of up to {i} schedule(s) from seed {s}" : $"{n} run(s) of {r} repetitions";
            string? signature = loaded.Signature ?? (isSystematic
                ? ScheduleSearch.Find(reproducer, loaded.Program, i, how, s, null, out _)?.Signature
                : FirstFailure(reproducer, loaded, n, r));
            if (signature is null)
            {
                Console.WriteLine($"SUMMARY: {loaded.File} showed no failure in {perCandidate}; nothing to minimize");
                return ExitCodes.Ok;
            }
            Output.Info($"minimizing {loaded.File} ({ProgramTarget.Shape(loaded.Program)}) while it shows {signature}; " +
                              $"{perCandidate} per candidate, at most {a} candidates and {time}");
            var options = new MinimizeOptions(n, r, a, time);
            void Print(MinimizationAttempt attempt) =>
                Console.WriteLine($"attempt {attempt.Number} ({attempt.Pass}): {(attempt.Kept ? "kept" : "no")}, {ProgramTarget.Shape(attempt.Candidate)}");
            var (result, shown) = isSystematic
                ? FindingMinimization.RunSystematic(reproducer, loaded.Program, signature, i, how, s, options, Print)
                : FindingMinimization.Run(reproducer, loaded.Program, signature, options, Print);
            if (!result.Reproduced)
            {
                Console.WriteLine($"SUMMARY: {loaded.File} did not show {signature} in {perCandidate}; nothing minimized");
                return ExitCodes.Ok;
            }

            string text = ProgramText.Print(result.Program);
            Console.WriteLine($"MINIMIZED: {signature}: {ProgramTarget.Shape(result.Program)} (was {ProgramTarget.Shape(result.Original)}), " +
                              $"{result.Attempts} attempt(s), {result.Skipped} skipped as tried, {StopReason(result.Stop)}");
            Console.Write(text);
            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.WriteAllText(file, text);
                Output.Info($"written to {file}");
            }
            if (result.Shrunk)
                loaded.Update(store => store.SetMinimized(signature, text, shown is null ? null : FindingConversion.Timeline(shown)), CorpusLayout.MinimizedFile);
            return ExitCodes.Findings;
        });
        return command;
    }

    /// <summary>For a program file: the failure its first failing run shows, which minimization then keeps.</summary>
    static string? FirstFailure(Reproducer reproducer, ProgramTarget loaded, int runs, int repetitions)
    {
        for (int run = 1; run <= runs; run++)
            if (reproducer.RunOnce(loaded.Program, repetitions) is { } finding)
            {
                Output.Info($"run {run} shows {finding.Signature}");
                return finding.Signature;
            }
        return null;
    }

    /// <summary>Schedules a systematic search tries per candidate unless --iterations says otherwise: fewer than repro's
    /// 2000, since every candidate pays it (the samples' races inside calls are found within 40).</summary>
    const int SystematicIterations = 500;

    static string StopReason(MinimizationStop stop) => stop switch
    {
        MinimizationStop.Done => "no smaller program reproduces",
        MinimizationStop.AttemptBudget => "stopped at --max-attempts",
        MinimizationStop.TimeBudget => "stopped at --budget",
        _ => stop.ToString(),
    };
}
