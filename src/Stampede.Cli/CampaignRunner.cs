using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Minimization;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Systematic;
using Stampede.Campaigns.Triaging;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Cli;

/// <summary>
/// Runs a campaign for the <c>fuzz</c> command: opens the corpus, records every finding in it, shows progress (a
/// live line on a terminal, a plain line every 10 s otherwise), then triages and minimizes each new finding
/// (<see cref="FollowUpOptions"/>), and ends with a summary. Exit code 1 when the campaign found anything.
/// </summary>
internal static class CampaignRunner
{
    public static int Run(Harness harness, CampaignOptions options, WorkerLaunch launch, CancellationToken cancel, FollowUpOptions? followUp = null)
    {
        string name = Path.GetFileName(harness.Directory.TrimEnd('/'));
        string corpusRoot = options.CorpusDirectory ?? DefaultCorpus(harness.Directory);
        using var store = FindingStore.Open(Path.Combine(corpusRoot, name));
        bool live = !Console.IsOutputRedirected;
        var findings = new RunFindings(store, harness, live);
        var gate = findings.Gate;

        Console.WriteLine($"INFO: fuzzing {harness.Library} ({harness.Model.Functions.Count} functions) for {options.Duration}, " +
                          $"{options.Jobs} worker(s), up to {options.Threads} threads per program, seed {options.Seed}" +
                          (options.Strategy is { } strategy ? $", systematic mode ({strategy}, {options.Repetitions} iterations per program)" : ""));
        Console.WriteLine($"INFO: corpus {store.Directory}");
        // Read here too (the campaign reads them again) so that a corrupt file stops everything before it starts.
        var queued = CorpusPrograms.Load(store.Directory, harness.Model);
        if (queued.Count > 0)
            Console.WriteLine($"INFO: running {queued.Count} corpus program(s) first" +
                              (queued.Count(q => q.Leftover) is var left and > 0 ? $", {left} left in flight by an interrupted campaign" : ""));
        var campaign = new Campaign(harness, options with { CorpusDirectory = store.Directory }, launch, findings.Record);

        using var progress = new Timer(_ =>
        {
            lock (gate)
            {
                if (live) Console.Write("\r\x1b[K" + campaign.Status().Line());
                else Console.WriteLine("PROGRESS: " + campaign.Status().Line());
            }
        }, null, TimeSpan.FromSeconds(live ? 1 : 10), TimeSpan.FromSeconds(live ? 1 : 10));

        var status = campaign.Run(cancel);
        progress.Change(Timeout.Infinite, Timeout.Infinite);
        lock (gate)
        {
            if (live) Console.Write("\r\x1b[K");
            Console.WriteLine("DONE: " + status.Line());
        }
        if (!cancel.IsCancellationRequested) FollowUp(followUp ?? FollowUpOptions.Default, store, harness, launch, findings.Fresh, cancel);
        PrintSummary(findings.Found, store);
        return findings.Found.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>Triage and minimization of the campaign's new findings, one at a time, each within its budget. A
    /// finding whose program no longer runs is skipped with a warning: the campaign's result stands.</summary>
    internal static void FollowUp(FollowUpOptions followUp, FindingStore store, Harness harness, WorkerLaunch launch, IReadOnlyList<string> fresh, CancellationToken cancel)
    {
        if (fresh.Count == 0 || !(followUp.Triage || followUp.Minimize)) return;
        Console.WriteLine($"INFO: {(followUp.Triage ? "triaging" : "")}{(followUp.Triage && followUp.Minimize ? " and " : "")}" +
                          $"{(followUp.Minimize ? $"minimizing (up to {followUp.Budget.TotalSeconds:0}s each)" : "")} {fresh.Count} new finding(s)");
        using var reproducer = new Reproducer(harness, launch, TimeSpan.FromSeconds(3));
        foreach (string signature in fresh)
        {
            if (cancel.IsCancellationRequested) return;
            if (store.Find(signature) is not { } recorded) continue;
            try
            {
                var program = ProgramText.Parse(recorded.Finding.Program, harness.Model);
                if (followUp.Triage)
                {
                    var triage = FindingTriage.Run(reproducer, program, FindingKindText.Parse(recorded.Finding.Kind) ?? FindingKind.Crash, signature, TriageOptions.AfterCampaign);
                    store.SetTriage(signature, triage);
                    Console.WriteLine($"TRIAGE: {signature}: {triage.Label} (reproduced {triage.Rate}" +
                                      $", single-threaded: {YesNo(triage.SingleThreaded)}, under a global lock: {YesNo(triage.UnderGlobalLock)})");
                    if (triage.Rate is { Reproduced: 0 }) continue; // nothing to keep while shrinking
                }
                if (followUp.Minimize)
                {
                    var result = FindingMinimization.Run(reproducer, program, signature, MinimizeOptions.AfterCampaign(followUp.Budget));
                    if (result.Shrunk) store.SetMinimized(signature, ProgramText.Print(result.Program));
                    Console.WriteLine(result.Reproduced
                        ? $"MINIMIZED: {signature}: {Shape(result.Program)} (was {Shape(result.Original)}) after {result.Attempts} attempt(s)"
                        : $"MINIMIZED: {signature}: did not reproduce; kept as it was");
                }
            }
            catch (Exception e) when (e is HarnessException or ProgramTextException)
            {
                Console.Error.WriteLine($"warning: {signature}: not triaged or minimized: {e.Message}");
            }
        }
    }

    static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "not measured" };

    static string Shape(ConcurrentProgram program) => $"{program.Threads.Count} thread(s), {program.AllCalls().Count()} call(s)";

    internal static void PrintSummary(Dictionary<string, (string Kind, string Summary, int Hits)> found, FindingStore store)
    {
        if (found.Count == 0)
        {
            Console.WriteLine("SUMMARY: no findings");
            return;
        }
        Console.WriteLine($"SUMMARY: {found.Count} distinct finding(s)");
        var rows = new List<string[]> { new[] { "kind", "hits", "signature", "triage" } };
        rows.AddRange(found.OrderBy(f => f.Value.Kind).ThenByDescending(f => f.Value.Hits)
            .Select(f => new[] { f.Value.Kind, f.Value.Hits.ToString(), f.Key, store.Find(f.Key)?.Label ?? Triage.Untriaged }));
        Console.Write(Columns.Align(rows, rightAligned: [1]));
    }

    /// <summary>corpus/ of the repository the harness is in, else next to the harness.</summary>
    internal static string DefaultCorpus(string harness)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(harness)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return Path.Combine(dir.FullName, "corpus");
        return Path.Combine(Path.GetFullPath(harness), "corpus");
    }

    internal static string Relative(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..") ? Path.GetFullPath(path) : relative;
    }
}
