using Stampede.Campaigns;
using Stampede.Campaigns.Engines;
using Stampede.Campaigns.Minimization;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Triaging;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Cli.Commands;
using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Cli;

/// <summary>
/// Runs the <c>fuzz</c> command's campaign with whichever engine was chosen: opens the corpus, records every finding in
/// it, shows progress (a live line on a terminal, a plain line every 10 s otherwise), lets the engine complete its
/// work, then triages and minimizes each new finding (<see cref="FollowUpOptions"/>), and ends with a summary. Exit
/// code 1 when the campaign found anything.
/// </summary>
internal static class CampaignRunner
{
    public static int Run(ICampaignEngine engine, Harness harness, string? corpusDirectory, WorkerLaunch launch, FollowUpOptions followUp,
        CancellationToken cancel)
    {
        using var store = FindingStore.Open(Path.Combine(corpusDirectory ?? DefaultPlaces.Corpus(harness.Directory), DefaultPlaces.CorpusName(harness)));
        bool live = !Console.IsOutputRedirected;
        var findings = new RunFindings(store, harness, live);
        var context = new CampaignContext(harness, store, launch, findings.Record, Output.Info, Output.Warning);

        Output.Info(engine.Describe(context));
        Output.Info($"corpus {store.Directory}");
        foreach (string line in engine.Prepare(context)) Output.Info(line);

        using var progress = new Timer(_ =>
        {
            lock (findings.Gate)
            {
                if (live) Console.Write("\r\x1b[K" + engine.Progress());
                else Console.WriteLine("PROGRESS: " + engine.Progress());
            }
        }, null, TimeSpan.FromSeconds(live ? 1 : 10), TimeSpan.FromSeconds(live ? 1 : 10));
        string done = engine.Run(context, cancel);
        progress.Change(Timeout.Infinite, Timeout.Infinite);
        lock (findings.Gate)
        {
            if (live) Console.Write("\r\x1b[K");
            Console.WriteLine("DONE: " + done);
        }

        if (!cancel.IsCancellationRequested) engine.Complete(context, cancel);
        if (!cancel.IsCancellationRequested) FollowUp(followUp, store, harness, launch, findings.Fresh, cancel);
        PrintSummary(findings.Found, store);
        return findings.Found.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>Triage and minimization of the campaign's new findings, one at a time, each within its budget. A
    /// finding whose program no longer runs is skipped with a warning: the campaign's result stands.</summary>
    static void FollowUp(FollowUpOptions followUp, FindingStore store, Harness harness, WorkerLaunch launch, IReadOnlyList<string> fresh, CancellationToken cancel)
    {
        if (fresh.Count == 0 || !(followUp.Triage || followUp.Minimize)) return;
        Output.Info($"{(followUp.Triage ? "triaging" : "")}{(followUp.Triage && followUp.Minimize ? " and " : "")}" +
                    $"{(followUp.Minimize ? $"minimizing (up to {followUp.Budget.TotalSeconds:0}s each)" : "")} {fresh.Count} new finding(s)");
        using var reproducer = new Reproducer(harness, launch, followUp.HangTimeout);
        foreach (string signature in fresh)
        {
            if (cancel.IsCancellationRequested) return;
            if (store.Find(signature) is not { } recorded) continue;
            try
            {
                var program = ProgramText.Parse(recorded.Finding.Program, harness.Model);
                if (followUp.Triage)
                {
                    var triage = FindingTriage.Run(reproducer, program, recorded.Finding.Kind, signature, TriageOptions.AfterCampaign);
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
                        ? $"MINIMIZED: {signature}: {ProgramTarget.Shape(result.Program)} (was {ProgramTarget.Shape(result.Original)}) after {result.Attempts} attempt(s)"
                        : $"MINIMIZED: {signature}: did not reproduce; kept as it was");
                }
            }
            catch (Exception e) when (e is HarnessException or ProgramTextException)
            {
                Output.Warning($"{signature}: not triaged or minimized: {e.Message}");
            }
        }
    }

    static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "not measured" };

    static void PrintSummary(IReadOnlyDictionary<string, RunFindings.Seen> found, FindingStore store)
    {
        if (found.Count == 0)
        {
            Console.WriteLine("SUMMARY: no findings");
            return;
        }
        Console.WriteLine($"SUMMARY: {found.Count} distinct finding(s)");
        var rows = new List<string[]> { new[] { "kind", "hits", "signature", "triage" } };
        rows.AddRange(found.OrderBy(f => f.Value.Kind.Name(), StringComparer.Ordinal).ThenByDescending(f => f.Value.Hits)
            .Select(f => new[] { f.Value.Kind.Name(), f.Value.Hits.ToString(), f.Key, store.Find(f.Key)?.Label ?? Triage.Untriaged }));
        Console.Write(Columns.Align(rows, rightAligned: [1]));
    }

    /// <summary>A path as the user would type it: relative to the working directory when inside it.</summary>
    internal static string Relative(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..") ? Path.GetFullPath(path) : relative;
    }
}
