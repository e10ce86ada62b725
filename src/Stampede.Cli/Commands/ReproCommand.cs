using Stampede.Cli.Options;
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
    /// <summary>Runs unless --runs says otherwise: stress runs (each many repetitions), or replays of a schedule.</summary>
    const int StressRuns = 10, SystematicReplays = 20;

    public static Command Create()
    {
        var (harness, library) = (CliOptions.Harness(), CliOptions.Library());
        var runs = CliOptions.OptionalCount("--runs", $"how many runs (stress: {StressRuns}, each many repetitions; systematic: {SystematicReplays} replays)");
        var repetitions = CliOptions.Repetitions(2000, "repetitions per run");
        var noTriage = new Option<bool>("--no-triage") { Description = "only count how often it reproduces; skip the single-threaded and global-lock runs" };
        var mode = CliOptions.Mode("stress, or systematic: replay the finding's Coyote schedule (search for one first when it has none)");
        var strategy = CliOptions.Strategy("systematic search's Coyote strategy: portfolio, random, pct or probabilistic");
        var iterations = CliOptions.Count("--iterations", 2000, "systematic search: most schedules to try");
        var seed = CliOptions.Seed("systematic search's seed");
        var sanitizer = CliOptions.Sanitizer();
        var scheduleBuild = ScheduleBuild.Create();
        var (hang, rssLimitMb) = (CliOptions.Hang(), CliOptions.RssLimitMb());
        var outputs = new ReportOutputs();
        var target = new Argument<string>("FILE|FINDING_DIR") { Description = "a program file, or a finding's directory in a corpus" };
        var command = new Command("repro", "Run a finding or a program again, report how often it reproduces, and triage it");
        foreach (var o in new Option[] { harness, runs, repetitions, noTriage, mode, strategy, iterations, seed, sanitizer }) command.Options.Add(o);
        command.Options.Add(hang);
        command.Options.Add(rssLimitMb);
        command.Options.Add(scheduleBuild);
        command.Options.Add(library);
        outputs.AddTo(command);
        command.Arguments.Add(target);
        command.SetAction(parse =>
        {
            var started = DateTimeOffset.UtcNow;
            bool isSystematic = parse.GetValue(mode) == ModeChoice.Systematic;
            int n = parse.GetValue(runs) ?? (isSystematic ? SystematicReplays : StressRuns), r = parse.GetValue(repetitions), i = parse.GetValue(iterations);
            var (opened, launch) = SanitizerWorkers.Prepare(
                ScheduleBuild.Apply(CliOptions.OpenHarness(parse, harness, library), parse.GetValue(scheduleBuild), isSystematic, parse.GetValue(sanitizer)),
                parse.GetValue(sanitizer));
            launch = launch with { RssLimitMb = parse.GetValue(rssLimitMb) };
            using var attribution = SanitizerWorkers.Attribution(opened, launch, parse.GetValue(sanitizer), parse.GetValue(hang));
            var loaded = ProgramTarget.Load(parse.GetValue(target)!, opened);
            if (isSystematic)
            {
                using var replayer = new Reproducer(opened, launch, parse.GetValue(hang), attribution);
                return SystematicRepro.Run(loaded, replayer, n, i, parse.GetValue(strategy)!, parse.GetValue(seed));
            }

            Output.Info($"{n} run(s) of {r} repetitions of {loaded.File}" + (loaded.Signature is null ? "" : $", looking for {loaded.Signature}"));
            using var reproducer = new Reproducer(opened, launch, parse.GetValue(hang), attribution);
            var result = reproducer.Count(loaded.Program, loaded.Signature, n, r,
                onRun: (run, finding) => Console.WriteLine($"run {run}: {(finding is null ? "clean" : finding.Signature +
                    (finding.Variant is { } at ? $" (at {at})" : ""))}"));
            Console.WriteLine($"SUMMARY: reproduced {result.Reproduced}/{result.Runs} ({result.Rate:P0})");
            if (result.Example is { } example) Console.WriteLine($"{example.Kind.Name()}: {example.Summary}");
            // A race crashes at several places: each is the same finding, shown by how often it was seen.
            if (result.Variants.Count > 1 || result.Variants.Keys.Any(v => v != result.Example?.Signature))
                Console.WriteLine("variants: " + string.Join(", ", result.Variants.OrderByDescending(v => v.Value).Select(v => $"{v.Key} ({v.Value}x)")));
            foreach (var (other, count) in result.Others) Console.WriteLine($"also seen {count}x: {other}");

            if (!parse.GetValue(noTriage) && result.Example is { } shown)
            {
                // A finding recorded under the place it crashed at is still that finding when its cause is named now.
                string wanted = loaded.Signature ?? shown.Signature;
                var triage = FindingTriage.Complete(reproducer, loaded.Program, shown.Kind, wanted,
                    new ReproductionRate(result.Reproduced, result.Runs), new TriageOptions(n, r), line => Output.Info("triage: " + line));
                Console.WriteLine($"TRIAGE: {triage.Label}");
                loaded.Update(store => store.SetTriage(wanted, triage), "triage");
            }
            else if (result.Reproduced == 0 && loaded.Signature is { } signature)
            {
                var triage = new Triage(null, null, new ReproductionRate(0, result.Runs));
                Console.WriteLine($"TRIAGE: {triage.Label}");
                loaded.Update(store => store.SetTriage(signature, triage), "triage");
            }
            int exit = result.Reproduced > 0 ? ExitCodes.Findings : ExitCodes.Ok;
            outputs.Read(parse).Write(Report(loaded, result, opened, started, exit));
            return exit;
        });
        return command;
    }

    /// <summary>The run as <c>--out</c> writes it: the finding (as its directory now holds it, triage included), still
    /// present when it came back, passed when it did not; a program file that failed is reported as what it showed.</summary>
    static Reports.RunReport Report(ProgramTarget loaded, ReproductionResult result, Harness harness, DateTimeOffset started, int exit)
    {
        var now = DateTimeOffset.UtcNow;
        var recorded = loaded.FindingDirectory is { } directory ? FindingDirectory.Load(directory)
            : result.Example is { } shown ? new RecordedFinding(Path.GetFileName(loaded.File),
                FindingConversion.ToFinding(shown, harness.Library, ReportOutputs.CommandLine()), result.Reproduced, started, now, null, null, []) { Directory = loaded.File }
            : null;
        var rate = new ReproductionRate(result.Reproduced, result.Runs);
        var rows = recorded is null ? new List<Reports.ReportedFinding>()
            : [ReportOutputs.Row(recorded, result.Reproduced > 0 ? Reports.FindingStatus.StillPresent : Reports.FindingStatus.Passed, result.Reproduced > 0, rate)];
        return new Reports.RunReport(Reports.RunKind.Repro, harness.Library, ReportOutputs.CommandLine(), started, now - started, exit,
            $"reproduced {rate} of {loaded.File}", rows, []);
    }
}
