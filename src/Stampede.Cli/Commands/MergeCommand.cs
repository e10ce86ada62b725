using System.CommandLine;
using Stampede.Findings.Merging;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede merge --out DIR CORPUS...</c>: the corpora of shards, machines or nights as one
/// (<see cref="CorpusMerge"/>). Run again after a kill, or with more corpora into the same output, it gives what one
/// uninterrupted merge of them all would.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "the merged corpus: a new directory, or the output of an earlier merge (merged into again)",
            Required = true,
        };
        var inputs = new Argument<string[]>("CORPUS")
        {
            Description = "corpora to merge: corpus/, corpus/<library>/, or a shared root of shard corpora",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("merge", "Combine corpora (shards, machines, nights) into one: each finding once, hits summed");
        command.Options.Add(output);
        command.Arguments.Add(inputs);
        command.SetAction(parse =>
        {
            string outDirectory = parse.GetValue(output)!;
            var result = CorpusMerge.Run(outDirectory, parse.GetValue(inputs)!);
            if (result.Resumed is { } resumed) Output.Info($"an earlier merge into {outDirectory} stopped while reading {resumed}: merged again");
            foreach (var problem in result.Problems) Output.Warning($"{problem}: left out");
            Console.WriteLine($"SUMMARY: {result.Findings} finding(s) of {result.Libraries.Count} library(ies) ({string.Join(", ", result.Libraries)}) " +
                              $"in {outDirectory}: {result.Read} input finding(s) read, {result.Unchanged} unchanged since an earlier merge, " +
                              $"{result.Programs} program(s) added");
            return ExitCodes.Ok;
        });
        return command;
    }
}
