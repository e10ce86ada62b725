using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Afl;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Coverage;
using Stampede.Findings;

namespace Stampede.Cli;

/// <summary>
/// Runs <c>fuzz --engine afl</c>: an AFL++ campaign (<see cref="AflCampaign"/>) with progress lines of its own from
/// the instances' stats, then the crashes and hangs AFL++ saved through worker processes into the corpus
/// (<see cref="AflImport"/>), then the same triage, minimization and summary as a random campaign. Exit code 1 when
/// anything was found.
/// </summary>
internal static class AflRunner
{
    /// <summary>Worker runs per imported input, and repetitions per run: races AFL++ saw once may need several.</summary>
    const int ImportRuns = 3, ImportRepetitions = 500;

    public static int Run(Harness harness, AflCampaignOptions options, WorkerLaunch launch, CancellationToken cancel, FollowUpOptions followUp)
    {
        string name = Path.GetFileName(harness.Directory.TrimEnd('/'));
        string corpusRoot = options.CorpusDirectory ?? CampaignRunner.DefaultCorpus(harness.Directory);
        using var store = FindingStore.Open(Path.Combine(corpusRoot, name));
        bool live = !Console.IsOutputRedirected;
        var findings = new RunFindings(store, harness, live);

        Console.WriteLine($"INFO: fuzzing {harness.Library} ({harness.Model.Functions.Count} functions) with AFL++ for {options.Duration}, " +
                          $"{options.Jobs} instance(s), up to {options.Decoding.Threads} threads per program, {options.Repetitions} repetitions per input, " +
                          $"feedback {FeedbackSignalsText.Format(options.Feedback)}, seed {options.Seed}");
        Console.WriteLine($"INFO: corpus {store.Directory}");
        Console.WriteLine($"INFO: AFL++ directory {CampaignRunner.Relative(options.AflDirectory)}");
        var campaign = new AflCampaign(harness, options with { CorpusDirectory = store.Directory }, AppContext.BaseDirectory, line => Console.WriteLine("INFO: " + line));
        using var progress = new Timer(_ =>
        {
            lock (findings.Gate)
            {
                if (live) Console.Write("\r\x1b[K" + Line(campaign.Elapsed, campaign.Status()));
                else Console.WriteLine("PROGRESS: " + Line(campaign.Elapsed, campaign.Status()));
            }
        }, null, TimeSpan.FromSeconds(live ? 1 : 10), TimeSpan.FromSeconds(live ? 1 : 10));

        var result = campaign.Run(cancel);
        progress.Change(Timeout.Infinite, Timeout.Infinite);
        lock (findings.Gate)
        {
            if (live) Console.Write("\r\x1b[K");
            Console.WriteLine("DONE: " + Line(result.Elapsed, result.Stats));
        }

        if (result.Saved.Count > 0 && !cancel.IsCancellationRequested)
        {
            Console.WriteLine($"INFO: running {result.Saved.Count(s => s.Kind == "crash")} crash(es) and {result.Saved.Count(s => s.Kind == "hang")} hang(s) " +
                              $"AFL++ saved through worker processes (up to {ImportRuns} runs of {ImportRepetitions} repetitions each)");
            using var reproducer = new Reproducer(harness, launch, TimeSpan.FromSeconds(3));
            AflImport.Run(result.Saved, reproducer, options.Decoding, Path.Combine(store.Directory, CorpusLayout.Interesting), ImportRuns, ImportRepetitions,
                (_, finding) => findings.Record(finding), line => Console.WriteLine("WARNING: " + line), cancel);
        }
        if (!cancel.IsCancellationRequested) CampaignRunner.FollowUp(followUp, store, harness, launch, findings.Fresh, cancel);
        CampaignRunner.PrintSummary(findings.Found, store);
        return findings.Found.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    static string Line(TimeSpan elapsed, FuzzerStats stats) =>
        $"afl {elapsed.TotalSeconds:F0}s: {stats.Executions} execs ({stats.Executions / Math.Max(1, elapsed.TotalSeconds):F0}/s), queue {stats.Queue}, " +
        $"crashes {stats.Crashes}, hangs {stats.Hangs}" + (stats.Stability.Length > 0 ? $", stability {stats.Stability}" : "");

    /// <summary>build/afl/&lt;harness&gt; of the repository the harness is in, else afl/ next to the harness.</summary>
    public static string DefaultDirectory(string harness)
    {
        string name = Path.GetFileName(Path.GetFullPath(harness).TrimEnd('/'));
        for (var dir = new DirectoryInfo(Path.GetFullPath(harness)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return Path.Combine(dir.FullName, "build", "afl", name);
        return Path.Combine(Path.GetFullPath(harness), "afl");
    }
}
