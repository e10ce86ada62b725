using System.CommandLine;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede repro</c>: runs a finding (its directory) or a program file again, N times, and says how often the
/// failure came back. Exit 1 when it reproduced, 0 when it did not, 2 for bad input.
/// </summary>
internal static class ReproCommand
{
    public static Command Create()
    {
        var harness = new Option<string>("--harness") { Required = true, Description = "harness directory" };
        var runs = new Option<int>("--runs") { DefaultValueFactory = _ => 10, Description = "how many runs (each many repetitions)" };
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 2000, Description = "repetitions per run" };
        var mode = new Option<string>("--mode") { DefaultValueFactory = _ => "stress", Description = "stress" };
        mode.AcceptOnlyFromAmong("stress");
        var sanitizer = new Option<string>("--sanitizer") { DefaultValueFactory = _ => "none", Description = "none" };
        sanitizer.AcceptOnlyFromAmong("none");
        var target = new Argument<string>("FILE|FINDING_DIR") { Description = "a program file, or a finding's directory in a corpus" };
        var command = new Command("repro", "Run a finding or a program again and report how often it reproduces");
        foreach (var o in new Option[] { harness, runs, repetitions, mode, sanitizer }) command.Options.Add(o);
        command.Arguments.Add(target);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(runs), r = parse.GetValue(repetitions);
            if (n < 1) throw new UsageException($"--runs {n} is invalid: at least 1");
            if (r < 1) throw new UsageException($"--repetitions {r} is invalid: at least 1");
            var opened = Harness.Open(parse.GetValue(harness)!);
            var (file, text, signature) = Load(parse.GetValue(target)!);
            ConcurrentProgram program;
            try { program = ProgramText.Parse(text, opened.Model, file); }
            catch (Exception e) when (e is ProgramTextException or ProgramValidationException) { throw new UsageException(e.Message); }

            Console.WriteLine($"INFO: {n} run(s) of {r} repetitions of {file}" + (signature is null ? "" : $", looking for {signature}"));
            var result = Reproduction.Run(opened, program, signature, n, r, TimeSpan.FromSeconds(3),
                WorkerLaunch.CliIn(AppContext.BaseDirectory),
                (run, finding) => Console.WriteLine($"run {run}: {(finding is null ? "clean" : finding.Signature)}"));
            Console.WriteLine($"SUMMARY: reproduced {result.Reproduced}/{result.Runs} ({result.Rate:P0})");
            if (result.Example is { } example) Console.WriteLine($"{example.Kind}: {example.Summary}");
            foreach (var (other, count) in result.Others) Console.WriteLine($"also seen {count}x: {other}");
            return result.Reproduced > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The program to run (a finding's minimized program when it has one) and the signature to look for.</summary>
    static (string File, string Text, string? Signature) Load(string target)
    {
        if (Directory.Exists(target))
        {
            var recorded = FindingDirectory.Load(target);
            string file = Path.Combine(target, recorded.MinimizedProgram is null ? CorpusLayout.ProgramFile : CorpusLayout.MinimizedFile);
            return (file, recorded.ReportedProgram, recorded.Finding.Signature);
        }
        if (!File.Exists(target)) throw new UsageException($"{target}: no such program file or finding directory");
        return (target, File.ReadAllText(target), null);
    }
}
