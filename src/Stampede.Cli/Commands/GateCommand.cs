using System.CommandLine;
using Stampede.Cli.Gating;
using Stampede.Cli.Options;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede gate</c>: holds a candidate build of a library against its baseline (<see cref="GateRun"/>); exit 1 only
/// on what is new. The option names are fixed: CI recipes rely on them (docs/ci.md).
/// </summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var harness = CliOptions.Harness();
        var baseline = new Option<string>("--baseline") { Required = true, Description = "the library build to compare against (the old version)" };
        var candidate = new Option<string>("--candidate") { Required = true, Description = "the library build under test (the new version)" };
        var duration = CliOptions.Duration("--duration", GateOptions.DefaultDuration, "how long to fuzz the candidate: 90s, 10m");
        var corpus = CliOptions.Corpus("the regression corpus replayed on both builds (default: corpus/ of the repository, or next to the harness)");
        var runs = CliOptions.Count("--runs", GateOptions.DefaultRuns, "runs of each finding's program on each build");
        var repetitions = CliOptions.Repetitions(GateOptions.DefaultRepetitions, "repetitions per run, and per program of the campaign");
        var threads = CliOptions.Threads("most threads per generated program (2-64)");
        var seed = CliOptions.Seed("seed of program generation");
        var programs = CliOptions.OptionalCount("--programs", "stop the campaign after this many programs (the corpus's own first)");
        var failOnFlaky = new Option<bool>("--fail-on-flaky") { Description = "also fail when a finding reproduces on neither build (flaky)" };
        var noPreflight = new Option<bool>("--no-preflight")
        {
            Description = "skip the preflight (before the campaign, the bundled canary library's known races, which must be found for the gate to pass)",
        };
        var (hang, learnBudget, outputs) = (CliOptions.Hang(), CliOptions.LearnBudget(), new ReportOutputs());
        var command = new Command("gate", "Hold a new build of a library against the old one: replay the corpus on both, fuzz the new one, fail only on what is new");
        foreach (var o in new Option[] { harness, baseline, candidate, duration, corpus, runs, repetitions, threads, seed, programs, failOnFlaky, noPreflight, hang, learnBudget })
            command.Options.Add(o);
        outputs.AddTo(command);
        command.SetAction((parse, cancel) => Task.FromResult(GateRun.Execute(new GateOptions(
            parse.GetValue(harness)!, Path.GetFullPath(parse.GetValue(baseline)!), Path.GetFullPath(parse.GetValue(candidate)!),
            parse.GetValue(duration), parse.GetValue(corpus), parse.GetValue(runs), parse.GetValue(repetitions), parse.GetValue(threads),
            parse.GetValue(seed), parse.GetValue(programs), parse.GetValue(failOnFlaky), !parse.GetValue(noPreflight), parse.GetValue(hang), parse.GetValue(learnBudget), outputs.Read(parse)), cancel)));
        return command;
    }
}
