using System.CommandLine;
using System.Diagnostics;
using Stampede.Campaigns.Classification;
using Stampede.Campaigns.Supervision;
using Stampede.Cli.Options;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model.Contracts;
using Stampede.Reports.Contracts;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede classify</c>: infers each function's thread-safety contract by experiment (<see cref="Classifier"/>) and
/// writes contracts.json (<c>--out</c>, beside the harness by default), contracts.md beside it, and each failed
/// experiment's program under <c>contracts-evidence/</c> (named after the output file) for <c>stampede repro</c>. With <c>--diff OLD.json</c>, lists
/// what changed against an earlier version's contracts. Exit 0; 1 when <c>--diff</c> finds a function less safe than
/// before; 2 for bad input. Docs: docs/contracts.md.
/// </summary>
internal static class ClassifyCommand
{
    public const string FileName = "contracts.json";

    /// <summary>Where the failed experiments' programs go: beside the contracts, named after them
    /// (<c>contracts-evidence/</c> for contracts.json), so two libraries' contracts in one directory keep theirs apart.</summary>
    static string EvidenceDirectoryOf(string contracts) =>
        Path.Combine(Path.GetDirectoryName(contracts)!, Path.GetFileNameWithoutExtension(contracts) + "-evidence");

    public static Command Create()
    {
        var (harness, library) = (CliOptions.Harness(), CliOptions.Library());
        var functions = new Option<string[]>("--function") { Description = "classify only this function (repeatable); default: every callable one" };
        var outFile = new Option<string?>("--out") { Description = $"write the contracts to this file (default: {FileName} in the harness directory); contracts.md goes beside it" };
        var diff = new Option<string?>("--diff") { Description = "compare with an earlier version's contracts.json: list what changed; exit 1 when a function became less safe" };
        var runs = CliOptions.Count("--runs", ClassifyOptions.DefaultRuns, "worker runs per experiment and mode");
        var repetitions = CliOptions.Repetitions(ClassifyOptions.DefaultRepetitions, "repetitions per run");
        var calls = CliOptions.Count("--calls", ClassifyOptions.DefaultCallsPerThread, "calls of its function per thread in an experiment");
        var seed = CliOptions.Seed("seed of the experiments' programs");
        var budget = CliOptions.OptionalDuration("--duration", "stop starting experiments after this long (default: run them all)");
        var noSanitizer = new Option<bool>("--no-sanitizer") { Description = "stress on the plain build only, even where a ThreadSanitizer build exists" };
        var hang = CliOptions.Hang();
        var command = new Command("classify", "Infer each function's thread-safety contract by experiment (contracts.json, contracts.md)");
        foreach (var o in new Option[] { harness, library, functions, outFile, diff, runs, repetitions, calls, seed, budget, noSanitizer, hang }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var old = parse.GetValue(diff) is { } oldFile ? ReadContracts(oldFile) : null;
            var opened = CliOptions.OpenHarness(parse, harness, library);
            var callable = Classifier.Callable(opened);
            var chosen = parse.GetValue(functions) is { Length: > 0 } named ? named.Distinct().ToList() : callable.ToList();
            foreach (var f in chosen.Where(f => !callable.Contains(f)))
                throw new UsageException(opened.Model.Function(f) is null
                    ? $"--function {f}: {opened.Library} has no such function (api.json lists {opened.Model.Functions.Count})"
                    : $"--function {f}: never called by the generator (see api.json and preconditions.json)");
            var launch = WorkerLaunch.CliIn(AppContext.BaseDirectory);
            opened = PreconditionLearning.Ensure(opened, launch, new Campaigns.Learning.LearningOptions(Campaigns.Learning.LearningOptions.DefaultBudget, parse.GetValue(hang)), force: false);
            var modes = Modes(opened, parse.GetValue(noSanitizer));
            string output = Path.GetFullPath(parse.GetValue(outFile) ?? Path.Combine(opened.Directory, FileName));
            string evidenceDirectory = EvidenceDirectoryOf(output);
            var options = new ClassifyOptions(parse.GetValue(runs), parse.GetValue(repetitions), parse.GetValue(calls), parse.GetValue(seed), parse.GetValue(hang));
            var clock = Stopwatch.StartNew();
            var limit = parse.GetValue(budget);
            Output.Info($"classifying {chosen.Count} function(s) of {opened.Library}: modes {string.Join(", ", modes.Select(m => m.Name))}, " +
                        $"{options.Runs} run(s) x {options.Repetitions} repetitions per experiment and mode");
            using var classifier = new Classifier(modes, options);
            // Ctrl-C or SIGTERM: the experiment in flight ends, and what ran is judged and written as if --duration had passed.
            using var interruption = Interruption.Listen(signal =>
                Output.Info($"{Interruption.Name(signal)}: stopping after the experiment in flight, then writing what ran; send it again to abort at once"));
            int written = 0;
            var (contracts, results, notRun) = classifier.Classify(chosen, () => interruption.Token.IsCancellationRequested || limit is { } l && clock.Elapsed >= l,
                result => Evidence(result, evidenceDirectory, opened.Directory, ++written),
                (result, done, total) => Console.WriteLine($"PROGRESS: classify {done}/{total} {result.Experiment}: " +
                    (result.Failure is null ? "passed" : $"{result.Failure.Signature} ({result.Mode}){(result.FailsOnOneThread ? ", fails on one thread: not a race" : "")}") +
                    $" ({clock.Elapsed.TotalSeconds:0}s)"));
            if (notRun > 0) Output.Warning($"{notRun} experiment(s) not run ({(interruption.Token.IsCancellationRequested ? "interrupted" : "--duration spent")}): " +
                                           "functions they would have tested may be less safe than shown");
            var changes = old is null ? [] : ContractChange.Between(old, contracts);
            string? diffText = old is null ? null : changes.Count == 0 ? "No function's contract changed." : string.Join("\n", changes.Select(c => "- " + MarkdownText.Inline(c.Describe())));
            AtomicFile.WriteAllText(output, contracts.ToJson());
            AtomicFile.WriteAllText(Path.ChangeExtension(output, ".md"), ContractsMarkdown.Write(contracts, diffText));
            foreach (var (name, c) in contracts.Functions.OrderBy(f => f.Key, StringComparer.Ordinal))
                Console.WriteLine($"CONTRACT: {name}: {ContractAnnotation.Of(c)}" + (c.Evidence.Count > 0 ? $" ({c.Evidence[0].Key})" : ""));
            foreach (var change in changes) Console.WriteLine($"CHANGED: {change.Describe()}");
            var counts = contracts.Functions.Values.GroupBy(c => c.Contract).OrderBy(g => g.Key).Select(g => $"{g.Count()} {ContractAnnotation.Name(g.Key)}");
            Console.WriteLine($"SUMMARY: {string.Join(", ", counts)} in {results.Count} experiment(s), {clock.Elapsed.TotalSeconds:0} s: {output}");
            return changes.Any(c => c.Regression) ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Stress on the plain build, and on its ThreadSanitizer build when the project built one.</summary>
    static List<ClassifyMode> Modes(Harness harness, bool plainOnly)
    {
        var modes = new List<ClassifyMode> { new("stress", harness, WorkerLaunch.CliIn(AppContext.BaseDirectory)) };
        if (!plainOnly && Sanitizer.Thread.InstrumentedLibrary(harness.LibraryPath) is not null)
        {
            var (instrumented, launch) = SanitizerWorkers.Prepare(harness, Sanitizer.Thread);
            modes.Add(new ClassifyMode("thread-sanitizer", instrumented, launch));
        }
        return modes;
    }

    static LibraryContracts ReadContracts(string file)
    {
        if (!File.Exists(file)) throw new UsageException($"--diff {file}: no such file");
        try { return LibraryContracts.Read(file); }
        catch (InvalidDataException e) { throw new UsageException($"--diff {e.Message}"); }
    }

    /// <summary>The failed experiment's program, written where its repro command finds it.</summary>
    static ContractEvidence Evidence(ExperimentResult result, string directory, string harnessDirectory, int number)
    {
        Directory.CreateDirectory(directory);
        string slug = FindingSlug.For(result.Failure!.Signature);
        string file = Path.Combine(directory, $"{number:000}-{slug}.program");
        AtomicFile.WriteAllText(file, result.Program);
        return new ContractEvidence(result.Experiment.ToString(), result.Failure.Signature, result.Failure.Kind, result.Program,
            $"stampede repro --harness {Path.GetRelativePath(Environment.CurrentDirectory, harnessDirectory)} {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
    }
}
