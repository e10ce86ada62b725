using Stampede.Campaigns;
using Stampede.Campaigns.Engines;
using Stampede.Campaigns.Learning;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model.Programs;
using Stampede.Reports;
using Stampede.Cli.Options;

namespace Stampede.Cli.Gating;

/// <summary>
/// <c>stampede gate</c>, ClusterFuzzLite's pull-request check for native upgrades:
/// <list type="number">
/// <item>a time-boxed campaign against the candidate, starting from the regression corpus's seeds and interesting
/// programs, its findings kept in a corpus of the gate's own (<c>--out</c>/corpus), never in the regression corpus;</item>
/// <item>every finding of the regression corpus, and every one the campaign found, run again <c>--runs</c> times on each
/// build; a one-sided result is confirmed with more runs on the side that did not show it, and one seen on neither side
/// is given more runs on the baseline first (<see cref="GateOptions.ConfirmationFactor"/>);</item>
/// <item>each judged by <see cref="GateStatus"/>: new, fixed, still present or flaky; exit 1 only on new ones (and flaky
/// ones with <c>--fail-on-flaky</c>).</item>
/// </list>
/// Before all this, the preflight (<see cref="PreflightCheck"/>, unless <c>--no-preflight</c>) checks that the machine and
/// settings can show races at all.
/// </summary>
internal static class GateRun
{
    public static int Execute(GateOptions options, CancellationToken cancel)
    {
        var opened = Harness.Open(options.HarnessDirectory);
        LibraryFile.Check(options.Baseline);
        LibraryFile.Check(options.Candidate);
        var (candidate, launch) = SanitizerWorkers.Prepare(opened.WithLibrary(options.Candidate), null);
        // A gate that passes must have been able to fail: on a machine that hides races, it stops here (exit 2).
        if (options.Preflight) PreflightCheck.Run(null, launch, options.Hang, options.Repetitions, cancel);
        candidate = PreconditionLearning.Ensure(candidate, launch, new LearningOptions(options.LearnBudget, options.Hang), force: false);
        var baseline = candidate.WithLibrary(options.Baseline);

        string name = DefaultPlaces.CorpusName(candidate);
        string regression = Path.Combine(options.Corpus ?? DefaultPlaces.Corpus(candidate.Directory), name);
        var known = Directory.Exists(regression) ? CorpusReader.Read(regression).Findings : [];
        string work = Path.Combine(options.Outputs.Directory ?? Path.Combine(Path.GetTempPath(), $"stampede-gate-{Guid.NewGuid():N}"), "corpus", name);
        SeedFrom(regression, work);

        using var attribution = SanitizerWorkers.Attribution(candidate, launch, null, options.Hang);
        // No cap on the whole gate: its campaign stops at --duration, and its replays take what they take (a CI job has a
        // timeout of its own); a cap counted from the process's start would eat into the campaign on a slow machine.
        using var session = new CampaignSession(candidate, work, TotalTime.Start(options.Duration, Durations.Max),
            "no finding replayed; the summary and the outputs of what was judged follow", cancel);
        Output.Info($"gate: baseline {CampaignRunner.Relative(options.Baseline)}, candidate {CampaignRunner.Relative(options.Candidate)}; " +
                    $"{known.Count} finding(s) in the regression corpus {CampaignRunner.Relative(regression)}");
        var engine = new RandomEngine(new CampaignOptions(options.Duration, options.Threads, 1, options.Seed, work,
            new ProgramMode.Stress(options.Repetitions), options.Hang, MaxPrograms: options.Programs));
        var statistics = session.Hunt(engine, candidate, launch, attribution, options.Outputs.Directory,
            $"the campaign stops at {Durations.Format(options.Duration)}; then every finding runs {options.Runs} time(s) on each build");

        var found = session.Findings.Found.Keys.Select(session.Store.Find).OfType<RecordedFinding>()
            .Where(f => known.All(k => k.Finding.Signature != f.Finding.Signature));
        RecordedFinding[] all = [.. known, .. found];
        var judged = Judge(all, candidate, baseline, launch, attribution, options, session);
        session.Progress.Dispose();

        // An interrupted gate fails closed: what it did not judge may be new.
        int unjudged = all.Length - judged.Count;
        int exit = GateSummary.Print(judged, unjudged) ? ExitCodes.Findings : ExitCodes.Ok;
        options.Outputs.Write(new RunReport(RunKind.Gate, candidate.Library, ReportOutputs.CommandLine(), session.Started,
            DateTimeOffset.UtcNow - session.Started, exit, GateSummary.Verdict(judged, unjudged), judged, statistics, Baseline: options.Baseline,
            Candidate: options.Candidate));
        return exit;
    }

    /// <summary>The regression corpus's seeds and interesting programs, copied for the campaign to run first.</summary>
    static void SeedFrom(string regression, string work)
    {
        foreach (string folder in new[] { CorpusLayout.Seeds, CorpusLayout.Interesting })
        {
            string from = Path.Combine(regression, folder), to = Path.Combine(work, folder);
            Directory.CreateDirectory(to);
            foreach (string file in ProgramFiles.In(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Each finding run again on both builds and judged, until an interruption; a finding whose program no longer
    /// fits the harness is a warning, and is judged as flaky (it cannot be shown on either build).</summary>
    static List<ReportedFinding> Judge(IReadOnlyList<RecordedFinding> findings, Harness candidate, Harness baseline, Campaigns.Supervision.WorkerLaunch launch,
        Campaigns.Attribution.CrashAttribution? attribution, GateOptions options, CampaignSession session)
    {
        using var onCandidate = new Reproducer(candidate, launch, options.Hang, attribution);
        using var onBaseline = new Reproducer(baseline, launch, options.Hang, attribution);
        var judged = new List<ReportedFinding>();
        for (int i = 0; i < findings.Count; i++)
        {
            if (session.Interrupted)
            {
                Output.Warning($"interrupted: {findings.Count - i} finding(s) not replayed on both builds, so not judged");
                break;
            }
            var finding = findings[i];
            string signature = finding.Finding.Signature;
            session.Progress.Enter(RunPhase.Replay, null, () => $"finding {i + 1} of {findings.Count} ({signature})");
            ConcurrentProgram program;
            try { program = ProgramText.Parse(finding.ReportedProgram, candidate.Model); }
            catch (ProgramTextException e)
            {
                Output.Warning($"{signature}: not replayed: its program does not fit the harness ({e.Message})");
                judged.Add(new ReportedFinding(finding, FindingStatus.Flaky, options.FailOnFlaky, finding.Finding.ReproduceCommand));
                continue;
            }
            ReproductionRate Count(Reproducer on, int runs)
            {
                var result = on.Count(program, signature, runs, options.Repetitions);
                return new ReproductionRate(result.Reproduced, result.Runs);
            }
            var (c, b) = (Count(onCandidate, options.Runs), Count(onBaseline, options.Runs));
            int more = options.Runs * GateOptions.ConfirmationFactor;
            // Seen on neither side: the baseline gets more runs first, since a finding of the regression corpus that
            // shows there is one the candidate may have fixed; then a one-sided result is confirmed on the other side.
            if (GateStatus.Of(c, b) == FindingStatus.Flaky) b += Count(onBaseline, more);
            if (GateStatus.Of(c, b) == FindingStatus.New) b += Count(onBaseline, more);
            else if (GateStatus.Of(c, b) == FindingStatus.Fixed) c += Count(onCandidate, more);
            var status = GateStatus.Of(c, b);
            bool fails = status == FindingStatus.New || (status == FindingStatus.Flaky && options.FailOnFlaky);
            string on = CampaignRunner.Relative(status == FindingStatus.Fixed ? options.Baseline : options.Candidate);
            string repro = $"{ToolCommand.Name} repro --harness {CampaignRunner.Relative(candidate.Directory)} --library {on} {CampaignRunner.Relative(finding.Directory)}";
            judged.Add(new ReportedFinding(finding, status, fails, repro, c, b));
            session.Progress.Print($"JUDGED: {GateSummary.Name(status)} {signature}: candidate {c}, baseline {b}");
        }
        return judged;
    }
}
