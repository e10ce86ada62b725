using Stampede.Harnesses;
using System.Diagnostics;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Systematic;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// The engine benchmark of issue 4: overhead of the stress executor, time to detect each seeded bug of the sample
/// libraries with real campaigns beside a naive baseline, and the negative controls. Prints the tables and writes
/// them into docs/benchmarks.md. Progress goes to stderr.
/// </summary>
public static class EngineBenchmark
{
    public static int Run(string[] args)
    {
        BenchOptions options;
        try { options = BenchOptions.Parse(args); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        if (!File.Exists(Path.Combine(options.CliDirectory, "stampede.dll")))
        {
            Console.Error.WriteLine($"error: no stampede.dll in {options.CliDirectory} (scripts/bench builds it)");
            return 2;
        }
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        void Log(string line) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

        var contracts = Contracts.Read(Path.Combine(options.Repo, "native/samples/contracts.json"));
        var libraries = options.Libraries.Count > 0 ? options.Libraries : contracts.Libraries;
        var cli = WorkerLaunch.CliIn(options.CliDirectory);
        var self = SelfLaunch();
        string HarnessOf(string library) => Path.Combine(options.Repo, "harnesses", library);

        var overhead = new List<OverheadRow>();
        if (options.Parts.Contains("overhead"))
        {
            // First, while nothing else runs.
            Log("overhead: raw P/Invoke loop vs stress executor");
            overhead.AddRange(Overhead.Measure(HarnessOf("textkit"), options.OverheadMeasurement, Log));
        }

        var restart = new List<RestartRow>();
        if (options.Parts.Contains("restart"))
        {
            Log("restart: worker start and crash evidence");
            restart.AddRange(RestartCost.Measure(HarnessOf("svcconf"), cli, Log));
        }

        var detections = new List<DetectionResult>();
        if (options.Parts.Contains("detect"))
            foreach (var library in libraries)
                for (int seed = 1; seed <= options.Seeds; seed++)
                {
                    Log($"detect: {library} seed {seed}");
                    detections.Add(DetectionRun.Run(contracts, library, HarnessOf(library), seed, options.Cap, cli, Log));
                }

        // Systematic campaigns, only where some group's state lives between calls: a race inside one call is out of that
        // mode's reach by construction (docs/systematic.md), and a campaign that cannot find anything would run to its cap.
        var systematic = new List<DetectionResult>();
        if (options.Parts.Contains("systematic"))
            foreach (var library in libraries.Where(l => contracts.GroupsOf(l).Any(g => g.BetweenCalls)))
                for (int seed = 1; seed <= options.Seeds; seed++)
                {
                    Log($"systematic: {library} seed {seed}");
                    systematic.Add(DetectionRun.Run(contracts, library, HarnessOf(library), seed, options.Cap, cli, Log, SystematicStrategy.Portfolio));
                }

        var naive = new List<NaiveResult>();
        if (options.Parts.Contains("naive"))
            foreach (var library in libraries.Where(l => contracts.GroupsOf(l).Any(g => g.Failure is "crash" or "deadlock")))
            {
                var names = Harness.Open(HarnessOf(library)).Dispatcher.FunctionNames;
                for (int seed = 1; seed <= options.Seeds; seed++)
                {
                    Log($"naive: {library} seed {seed}");
                    naive.Add(NaiveRun.Run(contracts, library, HarnessOf(library), names, seed, options.Cap,
                        new CampaignOptions(options.Cap).HangTimeout, self, Log));
                }
            }

        var controls = new List<ControlResult>();
        if (options.Parts.Contains("controls"))
            foreach (var library in libraries)
            {
                Log($"controls: {library}");
                controls.Add(NegativeControls.Run(contracts, options.Repo, library, 1, options.ControlBudget, cli, Log));
            }

        var groups = contracts.Groups.Where(g => libraries.Contains(g.Library)).ToArray();
        // The parts before the sanitizer part's go into the main section; a run of the sanitizer part alone leaves it as it is.
        if (options.Parts.Any(p => p is not ("sanitizer" or "first-report" or "coverage" or "schedule" or "contracts" or "locks" or "scale")))
        {
            var results = new BenchResults(options, started, clock.Elapsed, Machine.Describe(), groups, detections, naive, controls, overhead, restart, systematic);
            string markdown = Report.Markdown(results);
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown);
                Log($"wrote {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        if (options.Parts.Contains("sanitizer"))
        {
            var sanitizerStarted = DateTime.UtcNow;
            var sanitizerClock = Stopwatch.StartNew();
            var sanitizer = SanitizerPart(options, contracts, libraries, cli, HarnessOf, Log);
            string markdown = SanitizerTables.Markdown(sanitizer with { Started = sanitizerStarted, WallTime = sanitizerClock.Elapsed, Groups = groups });
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown, Report.SanitizerBegin, Report.SanitizerEnd);
                Log($"wrote the sanitizer section of {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        if (options.Parts.Contains("first-report"))
        {
            var firstStarted = DateTime.UtcNow;
            var firstClock = Stopwatch.StartNew();
            var expectations = SanitizerExpectations.Read(Path.Combine(options.Repo, "native/samples/contracts.json"));
            var rows = FirstReportComparison.Run(options, contracts, expectations, libraries, cli, HarnessOf, Log);
            string markdown = FirstReportComparison.Markdown(rows, options, firstStarted, firstClock.Elapsed, Machine.Describe());
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown, FirstReportComparison.Begin, FirstReportComparison.End);
                Log($"wrote the first-report section of {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        if (options.Parts.Contains("coverage"))
        {
            var coverageStarted = DateTime.UtcNow;
            var coverageClock = Stopwatch.StartNew();
            var runs = CoverageBenchmark.Run(options.Repo, options.CliDirectory, contracts, options.CoverageSeeds, options.CoverageBudget, cli, Log);
            string markdown = CoverageTable.Markdown(runs, coverageStarted, coverageClock.Elapsed, Machine.Describe(), options.CoverageSeeds, options.CoverageBudget);
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown, CoverageTable.Begin, CoverageTable.End);
                Log($"wrote the coverage section of {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        if (options.Parts.Contains("schedule"))
        {
            var scheduleStarted = DateTime.UtcNow;
            var scheduleClock = Stopwatch.StartNew();
            var runs = ScheduleBenchmark.Run(options.Repo, libraries, cli, Log);
            string markdown = ScheduleBenchmark.Markdown(runs, ScheduleBenchmark.DriverCost(options.Repo), scheduleStarted, scheduleClock.Elapsed, Machine.Describe());
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown, ScheduleBenchmark.Begin, ScheduleBenchmark.End);
                Log($"wrote the schedule section of {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        if (options.Parts.Contains("contracts"))
        {
            var contractsStarted = DateTime.UtcNow;
            var contractsClock = Stopwatch.StartNew();
            var safeBudget = TimeSpan.FromSeconds(options.Quick ? 30 : 300);
            var runs = ContractsBenchmark.Run(options.Repo, libraries, safeBudget, cli, contracts, Log);
            string markdown = ContractsBenchmark.Markdown(runs, safeBudget, contractsStarted, contractsClock.Elapsed, Machine.Describe());
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown, ContractsBenchmark.Begin, ContractsBenchmark.End);
                Log($"wrote the contracts section of {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        if (options.Parts.Contains("locks"))
        {
            var locksStarted = DateTime.UtcNow;
            var locksClock = Stopwatch.StartNew();
            string? loadBefore = Machine.LoadAverage();
            var results = LockCost.Measure(contracts, libraries, HarnessOf, options.LockMeasurement, Log);
            string load = $"{loadBefore ?? "?"} at the start, {Machine.LoadAverage() ?? "?"} at the end";
            string markdown = LockCostTable.Markdown(results, options.Quick, locksStarted, locksClock.Elapsed, Machine.Describe(), load);
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                // The curve goes beside the markdown file, where the section's relative link finds it.
                string image = Path.Combine(Path.GetDirectoryName(output)!, LockCostTable.Image);
                LockCostPlot.Save(results.Rows, image);
                Report.Write(output, markdown, LockCostTable.Begin, LockCostTable.End);
                Log($"wrote the locks section of {Path.GetRelativePath(options.Repo, output)} and {Path.GetRelativePath(options.Repo, image)}");
            }
        }
        if (options.Parts.Contains("scale"))
        {
            var scaleStarted = DateTime.UtcNow;
            var scaleClock = Stopwatch.StartNew();
            var scaleDuration = TimeSpan.FromSeconds(options.Quick ? 10 : 30);
            var arms = ScaleOutBenchmark.Run(contracts, options.Repo, scaleDuration, cli, Log);
            string markdown = ScaleOutBenchmark.Markdown(arms, scaleDuration, scaleStarted, scaleClock.Elapsed, Machine.Describe());
            Console.WriteLine(markdown);
            if (options.Output is { } output)
            {
                Report.Write(output, markdown, ScaleOutBenchmark.Begin, ScaleOutBenchmark.End);
                Log($"wrote the scale-out section of {Path.GetRelativePath(options.Repo, output)}");
            }
        }
        return 0;
    }

    /// <summary>The sanitizer part (issue 6): per library and seed, a campaign under each sanitizer some race group of
    /// the library wants (ThreadSanitizer for races and lock-order inversions, AddressSanitizer for freed memory); the
    /// negative controls under both; the slowdown of one program per library.</summary>
    static SanitizerResults SanitizerPart(
        BenchOptions options, Contracts contracts, IReadOnlyList<string> libraries, WorkerLaunch cli, Func<string, string> harnessOf, Action<string> log)
    {
        var expectations = SanitizerExpectations.Read(Path.Combine(options.Repo, "native/samples/contracts.json"));
        var campaigns = new List<SanitizerCampaignResult>();
        foreach (var library in libraries)
        {
            var groups = contracts.GroupsOf(library).ToArray();
            foreach (var sanitizer in expectations.SanitizersFor(groups))
            {
                var wanted = groups.Where(g => expectations.SanitizerFor(g)?.Name == sanitizer.Name).Select(g => g.Name).ToArray();
                for (int seed = 1; seed <= options.Seeds; seed++)
                {
                    log($"sanitizer: {library} seed {seed} under {sanitizer.Name} ({string.Join(", ", wanted)})");
                    campaigns.Add(SanitizerRun.Run(contracts, library, harnessOf(library), seed, options.Cap, sanitizer, wanted, cli, options.Repo, log));
                }
            }
        }
        var controls = new List<SanitizerControlResult>();
        foreach (var library in libraries)
        {
            log($"sanitizer controls: {library}");
            controls.AddRange(SanitizerControls.Run(contracts, options.Repo, library, [Campaigns.Supervision.Sanitizer.Thread, Campaigns.Supervision.Sanitizer.Address],
                1, options.ControlBudget, cli, log));
        }
        log("sanitizer slowdown: one program per library, plain vs ThreadSanitizer vs AddressSanitizer");
        var slowdown = SanitizerSlowdown.Measure(options.Repo, libraries, cli, log);
        return new SanitizerResults(options, DateTime.UtcNow, TimeSpan.Zero, Machine.Describe(), [], expectations, campaigns, controls, slowdown);
    }

    /// <summary>This benchmark again, for the naive child: <c>dotnet Stampede.Benchmarks.dll</c> or the apphost.</summary>
    static WorkerLaunch SelfLaunch()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        string dll = typeof(EngineBenchmark).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? new WorkerLaunch(host, [dll]) : new WorkerLaunch(host, []);
    }
}
