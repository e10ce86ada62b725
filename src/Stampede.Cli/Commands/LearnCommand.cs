using System.CommandLine;
using Stampede.Campaigns.Learning;
using Stampede.Cli.Options;
using Stampede.Harnesses;
using Stampede.Harnesses.Preconditions;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede learn</c>: learns the harness's argument preconditions again, from single-threaded calls in
/// workers, and writes preconditions.json next to its api.json (docs/preconditions.md). Exit 0, or 2 for bad input.</summary>
internal static class LearnCommand
{
    public static Command Create()
    {
        var harness = CliOptions.Harness();
        var budget = CliOptions.LearnBudget();
        var hang = CliOptions.Hang();
        var command = new Command("learn", "Learn each function's argument preconditions from single-threaded calls (preconditions.json)");
        foreach (var o in new Option[] { harness, budget, hang }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            // Its own earlier rules would keep probes away from what they forbid: learn from api.json alone.
            var opened = Harness.Open(parse.GetValue(harness)!, withPreconditions: false);
            File.Delete(PreconditionsFile.PathIn(opened.Directory));
            var (prepared, launch) = SanitizerWorkers.Prepare(opened, sanitizer: null);
            PreconditionLearning.Ensure(prepared, launch, new LearningOptions(parse.GetValue(budget), parse.GetValue(hang)), force: true);
            return ExitCodes.Ok;
        });
        return command;
    }
}
