using Stampede.Cli.Options;
using Stampede.Harnesses;
using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Afl;
using Stampede.Findings;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede afl-export</c>: AFL++'s queue of the last <c>fuzz --engine afl</c> campaign as programs in text
/// form (each with its bytes beside it), into the corpus's interesting/ or a given directory.</summary>
internal static class AflExportCommand
{
    public static Command Create()
    {
        var harness = CliOptions.Harness();
        var aflDir = CliOptions.AflDirectory("AFL++ directory of the campaign (default: build/afl/<harness> of the repository)");
        var corpus = CliOptions.Corpus("corpus directory whose <library>/interesting/ receives the programs");
        var output = new Option<string?>("--out") { Description = "write the programs into this directory instead" };
        var command = new Command("afl-export", "Export AFL++'s queue as programs in text form (into the corpus's interesting/ by default)");
        foreach (var o in new Option[] { harness, aflDir, corpus, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string harnessDirectory = parse.GetValue(harness)!;
            var opened = Harness.Open(harnessDirectory);
            var layout = new AflLayout(parse.GetValue(aflDir) ?? DefaultPlaces.AflDirectory(harnessDirectory));
            string destination = parse.GetValue(output) ?? Path.Combine(parse.GetValue(corpus) ?? DefaultPlaces.Corpus(harnessDirectory),
                DefaultPlaces.CorpusName(opened), CorpusLayout.Interesting);
            var (inputs, fresh) = AflQueueExport.Run(layout, opened.Model, destination);
            Console.WriteLine($"EXPORTED: {inputs} queue input(s) of {CampaignRunner.Relative(layout.Directory)}, {fresh} new program(s) in {CampaignRunner.Relative(destination)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
