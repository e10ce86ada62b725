using Stampede.Worker.Afl;
using System.CommandLine;
using Stampede.Campaigns.Afl;
using Stampede.Execution.Coverage;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede afl-target</c> (internal): the program afl-fuzz runs, from the instrumented copy of the CLI
/// that <c>fuzz --engine afl</c> makes; reads each input on stdin (SharpFuzz's fork server).</summary>
internal static class AflTargetCommand
{
    public static Command Create()
    {
        var harness = new Option<string>("--harness") { Required = true, Description = "harness directory" };
        var library = new Option<string>("--library") { Required = true, Description = "the library file the harness's bindings call" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 4, Description = "most threads per decoded program" };
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 20, Description = "repetitions per input" };
        var feedback = new Option<string>("--feedback") { DefaultValueFactory = _ => "managed,native,interleaving", Description = "signals fed to AFL++" };
        var hang = new Option<int>("--hang-ms") { DefaultValueFactory = _ => 2000, Description = "a repetition that takes longer is a hang" };
        var budget = new Option<int>("--budget-ms") { DefaultValueFactory = _ => 1000, Description = "an input's repetitions stop early after this" };
        var counter = new Option<string?>("--counter") { Description = "file whose 64-bit count of inputs run this target increments" };
        var command = new Command("afl-target", "Internal: the AFL++ target (run by afl-fuzz)") { Hidden = true };
        foreach (var o in new Option[] { harness, library, threads, repetitions, feedback, hang, budget, counter }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            FeedbackSignals signals;
            try { signals = FeedbackSignalsText.Parse(parse.GetValue(feedback)!); }
            catch (FormatException e) { throw new UsageException($"--feedback: {e.Message}"); }
            AflTarget.Run(new AflTargetOptions(parse.GetValue(harness)!, parse.GetValue(library)!, AflDecoding.Current(parse.GetValue(threads)), parse.GetValue(repetitions), signals,
                TimeSpan.FromMilliseconds(parse.GetValue(hang)), TimeSpan.FromMilliseconds(parse.GetValue(budget)), parse.GetValue(counter)));
            return 0;
        });
        return command;
    }
}
