using Stampede.Campaigns.Afl;
using Stampede.Cli.Options;
using Stampede.Worker.Afl;
using System.CommandLine;
using Stampede.Execution.Coverage;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede afl-target</c> (internal): the program afl-fuzz runs, from the instrumented copy of the CLI
/// that <c>fuzz --engine afl</c> makes; reads each input on stdin (SharpFuzz's fork server).</summary>
internal static class AflTargetCommand
{
    public static Command Create()
    {
        var harness = CliOptions.Harness();
        var library = new Option<string>("--library") { Required = true, Description = "the library file the harness's bindings call" };
        var threads = CliOptions.Threads("most threads per decoded program");
        var repetitions = CliOptions.Repetitions(AflCampaignOptions.DefaultRepetitions, "repetitions per input");
        var feedback = CliOptions.Feedback("signals fed to AFL++");
        var hang = CliOptions.Count("--hang-ms", (int)AflCampaignOptions.DefaultHang.TotalMilliseconds, "a repetition that takes longer is a hang");
        var budget = CliOptions.Count("--budget-ms", (int)AflCampaignOptions.DefaultBudget.TotalMilliseconds, "an input's repetitions stop early after this");
        var counter = new Option<string?>("--counter") { Description = "file whose 64-bit count of inputs run this target increments" };
        var command = new Command("afl-target", "Internal: the AFL++ target (run by afl-fuzz)") { Hidden = true };
        foreach (var o in new Option[] { harness, library, threads, repetitions, feedback, hang, budget, counter }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            AflTarget.Run(new AflTargetOptions(parse.GetValue(harness)!, parse.GetValue(library)!, AflDecoding.Current(parse.GetValue(threads)), parse.GetValue(repetitions), parse.GetValue(feedback),
                TimeSpan.FromMilliseconds(parse.GetValue(hang)), TimeSpan.FromMilliseconds(parse.GetValue(budget)), parse.GetValue(counter)));
            return 0;
        });
        return command;
    }
}
