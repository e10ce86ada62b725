using Stampede.Campaigns;
using Stampede.Campaigns.Attribution;
using Stampede.Campaigns.Engines;
using Stampede.Campaigns.Minimization;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Triaging;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Cli.Commands;
using Stampede.Cli.Options;
using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Cli;

/// <summary>
/// Runs the <c>fuzz</c> command's campaign with whichever engine was chosen: checks the library its workers will load,
/// opens the corpus, records every finding in it, shows progress by phase (<see cref="ProgressLine"/>), lets the engine
/// complete its work, then minimizes and triages each new finding (<see cref="FollowUpOptions"/>), and ends with a
/// summary — all within <see cref="TotalTime"/>. A first SIGINT or SIGTERM (<see cref="Interruption"/>) stops the
/// campaign and skips the follow-up; the summary, and the outputs of <c>--out</c>, are written either way. Exit code 1
/// when the campaign found anything its <see cref="RunPolicy"/> fails on (<see cref="CampaignSummary"/>).
/// </summary>
internal static class CampaignRunner
{
    public static int Run(ICampaignEngine engine, Harness harness, string? corpusDirectory, WorkerLaunch launch, CrashAttribution? attribution,
        FollowUpOptions followUp, RunPolicy policy, ReportOutputs.Chosen outputs, TotalTime total, CancellationToken cancel, bool profile = false,
        Campaigns.Sharding.ShardSync? sync = null)
    {
        using var session = new CampaignSession(harness, Path.Combine(corpusDirectory ?? DefaultPlaces.Corpus(harness.Directory), DefaultPlaces.CorpusName(harness)),
            total, "no further triage or minimization, then the summary", cancel, sync);
        var statistics = session.Hunt(engine, harness, launch, attribution, outputs.Directory,
            $"everything, triage and minimization included, stops at {total.Named}", profile);
        var (store, findings) = (session.Store, session.Findings);
        int followedUp = session.Stop.IsCancellationRequested ? 0
            : FollowUp(followUp, store, harness, launch, attribution, findings.Fresh, total, session.Progress, session.Stop);
        session.Progress.Dispose();
        Skipped(followUp, findings.Fresh.Count - followedUp, session.Interrupted, total);
        // A shard's findings that another shard recorded are known here, as a --known file's are: the other shard's to fail on.
        if (sync is not null)
        {
            sync.Poll(now: true);
            policy = policy with { Known = policy.Known.With(sync.KnownSignatures) };
            var (polls, time, imported) = sync.Cost;
            Output.Info($"shard {sync.Shard}: {polls} look(s) at the other shards, {time.TotalMilliseconds:0} ms in all, {imported} program(s) taken, " +
                        $"{sync.KnownSignatures.Count} finding(s) of theirs known");
        }
        int exit = CampaignSummary.Print(findings.Found, store, policy) ? ExitCodes.Findings : ExitCodes.Ok;
        outputs.Write(Report(harness, findings, store, policy, statistics, session.Started, exit));
        return exit;
    }

    /// <summary>The run as <c>--out</c> writes it: every finding it saw, most failing first.</summary>
    static Reports.RunReport Report(Harness harness, RunFindings findings, FindingStore store, RunPolicy policy,
        IReadOnlyList<Reports.StatisticsSample> statistics, DateTimeOffset started, int exit)
    {
        var rows = findings.Found.Keys.Select(store.Find).OfType<RecordedFinding>()
            .Select(r => ReportOutputs.Row(r, policy.StatusOf(r), policy.Fails(r)))
            .OrderByDescending(r => r.Fails).ThenBy(r => r.Status).ThenBy(r => r.Signature, StringComparer.Ordinal).ToList();
        int failing = rows.Count(r => r.Fails);
        string verdict = exit == ExitCodes.Ok ? $"no finding fails the run ({rows.Count} seen)" : $"{failing} finding(s) fail the run ({rows.Count} seen)";
        return new Reports.RunReport(Reports.RunKind.Campaign, harness.Library, ReportOutputs.CommandLine(), started, DateTimeOffset.UtcNow - started,
            exit, verdict, rows, statistics);
    }

    /// <summary>Says which new findings the follow-up did not reach, why, and what to do about it.</summary>
    static void Skipped(FollowUpOptions followUp, int left, bool interrupted, TotalTime total)
    {
        if (left > 0 && (followUp.Triage || followUp.Minimize))
            Output.Warning($"{(interrupted ? "interrupted" : $"{total.Named} reached")}: {left} new finding(s) not triaged or minimized; " +
                           $"run stampede repro and stampede minimize on them{(interrupted ? "" : $", or give a larger {TotalTime.Option}")}");
        else if (!interrupted && total.Reached) Output.Info($"{total.Named} reached");
    }

    /// <summary>
    /// Triage, then minimization, of the campaign's new findings, within their budgets and what is left of the total
    /// time; it stops when that is spent. Every finding is triaged before any is minimized: triage decides the exit code,
    /// minimization only shortens a report. Triage judges the program the finding reports: when one caller's calls up to
    /// the failing one show it, that shorter program is stored as the minimized one; when minimization then leaves one
    /// thread, the finding fails on one thread by definition, and its triage says so (a longer program may misuse several
    /// functions and, on one thread, fail at another call first, which once made one caller's misuse look like a race).
    /// A finding whose program no longer runs is skipped with a warning: the campaign's result stands. Returns how many
    /// findings it triaged, or minimized when triage is off.
    /// </summary>
    static int FollowUp(FollowUpOptions followUp, FindingStore store, Harness harness, WorkerLaunch launch, CrashAttribution? attribution, IReadOnlyList<string> fresh,
        TotalTime total, ProgressLine progress, CancellationToken cancel)
    {
        if (fresh.Count == 0 || !(followUp.Triage || followUp.Minimize)) return fresh.Count;
        Output.Info($"{(followUp.Triage ? "triaging" : "")}{(followUp.Triage && followUp.Minimize ? " and " : "")}" +
                    $"{(followUp.Minimize ? $"minimizing (up to {followUp.Budget.TotalSeconds:0}s each)" : "")} {fresh.Count} new finding(s), " +
                    $"for at most {Math.Ceiling(total.Remaining.TotalSeconds):0}s ({TotalTime.Option})");
        using var reproducer = new Reproducer(harness, launch, followUp.HangTimeout, attribution);
        bool Stopped() => cancel.IsCancellationRequested || total.Reached;
        int triaged = 0, minimized = 0;
        // Cheapest first: a finding whose run was inside a call (one run of one caller's calls up to it usually settles
        // it), then the oracles' verdicts (no worker dies), then a worker's death noticed between calls (heap
        // corruption found later), which costs every run of the rate, each a worker restart, and last a hang, each of
        // whose runs waits out the hang timeout (one zero-code zlib hang took 69 s and left 8 crashes untriaged).
        var byCost = fresh.OrderBy(s => store.Find(s)?.Finding is not { } f ? 2
            : f.Kind is FindingKind.Hang ? 3
            : f.Timeline.Any(t => t.InFlight is not null) ? 0
            : f.Kind is FindingKind.Crash or FindingKind.OutOfMemory or FindingKind.Sanitizer ? 2 : 1).ToList();
        for (int i = 0; i < byCost.Count && followUp.Triage && !Stopped(); i++, triaged++)
            Each(byCost[i], $"finding {i + 1} of {byCost.Count} ({byCost[i]})", (recorded, program, which) =>
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                progress.Enter(RunPhase.Triage, () => total.Remaining, () => which);
                var (triage, judged) = FindingTriage.Judge(reproducer, program, recorded.Finding.Kind, recorded.Finding.Signature,
                    TriageWithin(total.Remaining), recorded.Finding.Timeline);
                if (judged != program) store.SetMinimized(recorded.Finding.Signature, ProgramText.Print(judged));
                store.SetTriage(recorded.Finding.Signature, triage);
                progress.Print($"TRIAGE: {recorded.Finding.Signature}: {Described(triage)}; {started.Elapsed.TotalSeconds:0.0}s");
            });
        for (int i = 0; i < fresh.Count && followUp.Minimize && !Stopped(); i++, minimized++)
            Each(fresh[i], $"finding {i + 1} of {fresh.Count} ({fresh[i]})", (recorded, program, which) =>
            {
                if (recorded.Verdict == TriageVerdict.NotReproduced) return; // nothing to keep while shrinking
                var budget = CampaignSession.Min(followUp.Budget, total.Remaining);
                var started = System.Diagnostics.Stopwatch.StartNew();
                progress.Enter(RunPhase.Minimization, () => CampaignSession.Min(budget - started.Elapsed, total.Remaining), () => which);
                string signature = recorded.Finding.Signature;
                var (result, shown) = FindingMinimization.Run(reproducer, program, signature, MinimizeOptions.AfterCampaign(budget));
                if (result.Shrunk) store.SetMinimized(signature, ProgramText.Print(result.Program), shown is null ? null : FindingConversion.Timeline(shown));
                progress.Print(result.Reproduced
                    ? $"MINIMIZED: {signature}: {ProgramTarget.Shape(result.Program)} (was {ProgramTarget.Shape(result.Original)}) after {result.Attempts} attempt(s)"
                    : $"MINIMIZED: {signature}: did not reproduce; kept as it was");
                // The minimizer just saw it fail with one thread: single-threaded by definition. The failing call is
                // the last one, since minimization drops every call after it.
                if (result.Reproduced && result.Program.Threads.Count <= 1 && recorded.Triage is { } triage && triage.Verdict != TriageVerdict.FailsOnOneThread &&
                    result.Program.AllCalls().LastOrDefault() is { Call.Function: var last })
                {
                    var judged = triage with { SingleThreaded = true, FailingCall = last };
                    store.SetTriage(signature, judged);
                    progress.Print($"TRIAGE: {signature}: {Described(judged)}; the minimized program has one thread");
                }
            });
        return followUp.Triage ? triaged : minimized;

        // One finding's work on the program it reports; a program that no longer parses or runs is a warning.
        void Each(string signature, string which, Action<RecordedFinding, ConcurrentProgram, string> work)
        {
            if (store.Find(signature) is not { } recorded) return;
            try { work(recorded, ProgramText.Parse(recorded.ReportedProgram, harness.Model), which); }
            catch (Exception e) when (e is HarnessException or ProgramTextException)
            {
                Output.Warning($"{signature}: not triaged or minimized: {e.Message}");
            }
        }
    }

    static string Described(Triage triage) =>
        $"{triage.Label}{(triage.FailingCall is { } call ? $", in {call}" : "")} (single-threaded: {YesNo(triage.SingleThreaded)}, " +
        $"reproduced {triage.Rate?.ToString() ?? "not measured"}, under a global lock: {YesNo(triage.UnderGlobalLock)})";

    /// <summary>Triage's usual runs, each request shortened so that the whole triage (three schedules) fits in what is
    /// left of the total time.</summary>
    static TriageOptions TriageWithin(TimeSpan left)
    {
        var usual = TriageOptions.AfterCampaign;
        double perRequest = left.TotalSeconds / (3.0 * usual.Runs);
        return usual with { RequestSeconds = Math.Clamp(perRequest, 0.5, usual.RequestSeconds) };
    }

    static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "not measured" };

    /// <summary>A path as the user would type it: relative to the working directory when inside it.</summary>
    internal static string Relative(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..") ? Path.GetFullPath(path) : relative;
    }
}
