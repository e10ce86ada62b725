using Stampede.Harnesses;
using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Triaging;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede repro</c>: runs a finding (its directory) or a program file again, N times, and says how often the
/// failure came back; then, unless <c>--no-triage</c>, triages it (single-threaded, under a global lock) with as many
/// runs again, and writes the triage into the finding's directory. With <c>--mode systematic</c>, replays the finding's
/// Coyote schedule instead, or searches for one (<see cref="SystematicRepro"/>). Exit 1 when it reproduced, 0 when it
/// did not, 2 for bad input.
/// </summary>
internal static class ReproCommand
{
    public static Command Create()
    {
        var harness = new Option<string>("--harness") { Required = true, Description = "harness directory" };
        var runs = new Option<int?>("--runs") { Description = "how many runs (stress: 10, each many repetitions; systematic: 20 replays)" };
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 2000, Description = "repetitions per run" };
        var noTriage = new Option<bool>("--no-triage") { Description = "only count how often it reproduces; skip the single-threaded and global-lock runs" };
        var mode = SystematicOptions.Mode("stress, or systematic: replay the finding's Coyote schedule (search for one first when it has none)");
        var strategy = SystematicOptions.Strategy("systematic search's Coyote strategy: portfolio, random, pct or probabilistic");
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 2000, Description = "systematic search: most schedules to try" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "systematic search's seed" };
        var sanitizer = new Option<string>("--sanitizer")
        {
            DefaultValueFactory = _ => "none",
            Description = "none, thread (ThreadSanitizer) or address (AddressSanitizer + UBSan): workers load the library's sanitizer build",
        };
        sanitizer.AcceptOnlyFromAmong("none", "thread", "address");
        var target = new Argument<string>("FILE|FINDING_DIR") { Description = "a program file, or a finding's directory in a corpus" };
        var command = new Command("repro", "Run a finding or a program again, report how often it reproduces, and triage it");
        foreach (var o in new Option[] { harness, runs, repetitions, noTriage, mode, strategy, iterations, seed, sanitizer }) command.Options.Add(o);
        command.Arguments.Add(target);
        command.SetAction(parse =>
        {
            bool systematic = parse.GetValue(mode) == SystematicOptions.Systematic;
            int n = parse.GetValue(runs) ?? (systematic ? 20 : 10), r = parse.GetValue(repetitions), i = parse.GetValue(iterations);
            if (n < 1) throw new UsageException($"--runs {n} is invalid: at least 1");
            if (r < 1) throw new UsageException($"--repetitions {r} is invalid: at least 1");
            if (i < 1) throw new UsageException($"--iterations {i} is invalid: at least 1");
            var (opened, launch) = SanitizerWorkers.Prepare(Harness.Open(parse.GetValue(harness)!), Sanitizer.Named(parse.GetValue(sanitizer)!));
            var loaded = ProgramTarget.Load(parse.GetValue(target)!, opened);
            if (systematic)
            {
                using var replayer = new Reproducer(opened, launch, TimeSpan.FromSeconds(3));
                return SystematicRepro.Run(loaded, replayer, n, i, parse.GetValue(strategy)!, parse.GetValue(seed));
            }

            Console.WriteLine($"INFO: {n} run(s) of {r} repetitions of {loaded.File}" + (loaded.Signature is null ? "" : $", looking for {loaded.Signature}"));
            using var reproducer = new Reproducer(opened, launch, TimeSpan.FromSeconds(3));
            var result = reproducer.Count(loaded.Program, loaded.Signature, n, r,
                onRun: (run, finding) => Console.WriteLine($"run {run}: {(finding is null ? "clean" : finding.Signature)}"));
            Console.WriteLine($"SUMMARY: reproduced {result.Reproduced}/{result.Runs} ({result.Rate:P0})");
            if (result.Example is { } example) Console.WriteLine($"{example.Kind.Name()}: {example.Summary}");
            foreach (var (other, count) in result.Others) Console.WriteLine($"also seen {count}x: {other}");

            if (!parse.GetValue(noTriage) && result.Example is { } shown)
            {
                var triage = FindingTriage.Complete(reproducer, loaded.Program, shown.Kind, shown.Signature,
                    new ReproductionRate(result.Reproduced, result.Runs), new TriageOptions(n, r), line => Console.WriteLine("triage: " + line));
                Console.WriteLine($"TRIAGE: {triage.Label}");
                loaded.Update(store => store.SetTriage(shown.Signature, triage), "triage");
            }
            else if (result.Reproduced == 0 && loaded.Signature is { } signature)
            {
                var triage = new Triage(null, null, new ReproductionRate(0, result.Runs));
                Console.WriteLine($"TRIAGE: {triage.Label}");
                loaded.Update(store => store.SetTriage(signature, triage), "triage");
            }
            return result.Reproduced > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }
}
