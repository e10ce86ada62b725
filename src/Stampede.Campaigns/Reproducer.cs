using Stampede.Campaigns.Attribution;
using Stampede.Execution.Running;
using Stampede.Harnesses;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Systematic;
using Stampede.Worker;
using Stampede.Model.Programs;

namespace Stampede.Campaigns;

/// <summary>
/// Runs programs in one worker process at a time, replaced when it dies or hangs, and says which failure each run
/// showed: a plain crash by its cause when an <see cref="CrashAttribution"/> is given, so that "the same failure" is
/// the same race wherever it crashed. Reproduction, triage and minimization run many programs in a row through one of these.
/// </summary>
public sealed class Reproducer : IDisposable
{
    readonly Harness harness;
    readonly WorkerLaunch launch;
    readonly TimeSpan hang;
    readonly string scratch = Directory.CreateTempSubdirectory("stampede-repro-").FullName;
    readonly Symbolizer symbolizer;
    readonly CrashAttribution? attribution;
    WorkerProcess? worker;
    long sequence;

    public Reproducer(Harness harness, WorkerLaunch launch, TimeSpan hang, CrashAttribution? attribution = null)
    {
        (this.harness, this.launch, this.hang, this.attribution) = (harness, launch, hang, attribution);
        symbolizer = Symbolizer.For(harness.LibraryPath);
    }

    public Harness Harness => harness;

    /// <summary>How long one run of a hammer program (<see cref="ConcurrentProgram.Hammer"/>) hammers, at most: longer
    /// than a campaign's hammer round (<see cref="PhaseBalance.HammerSeconds"/>), which found the failure.</summary>
    public const double HammerRunSeconds = 5;

    /// <summary>Worker runs so far; each is one request of many repetitions.</summary>
    public long Runs => sequence;

    /// <summary>How many calls of the runs so far truly ran together (measured where a run ended without a death or hang).</summary>
    public Concurrency Measured { get; private set; }

    /// <summary>One run: <paramref name="repetitions"/> repetitions of <paramref name="program"/> under
    /// <paramref name="schedule"/> (a hammer program: hammered for up to <see cref="HammerRunSeconds"/> instead); the
    /// failure it showed, or null when every repetition passed.</summary>
    /// <exception cref="HarnessException">The worker refused the program or could not start.</exception>
    public CampaignFinding? RunOnce(ConcurrentProgram program, int repetitions, Schedule schedule = Schedule.Stress, double requestSeconds = 30) =>
        Run(program, repetitions, schedule, requestSeconds).FirstOrDefault();

    /// <summary>As <see cref="RunOnce"/>, but the finding that shows <paramref name="signature"/> when the run showed
    /// several (a sanitizer that goes on reports every race of the run), else the first.</summary>
    public CampaignFinding? RunShowing(ConcurrentProgram program, string signature, int repetitions, Schedule schedule = Schedule.Stress, double requestSeconds = 30)
    {
        var findings = Run(program, repetitions, schedule, requestSeconds);
        return findings.FirstOrDefault(f => f.Shows(signature)) ?? findings.FirstOrDefault();
    }

    /// <summary>One run, as <see cref="RunOnce"/>: every failure it showed, the run's own first, then the reports a
    /// sanitizer printed as it went on.</summary>
    /// <exception cref="HarnessException">The worker refused the program or could not start.</exception>
    public IReadOnlyList<CampaignFinding> Run(ConcurrentProgram program, int repetitions, Schedule schedule = Schedule.Stress, double requestSeconds = 30)
    {
        string text = ProgramText.Print(program);
        long run = ++sequence;
        // A hammer program runs once for a time instead of repetitions; the same under each schedule.
        var request = program.Hammer
            ? WorkerRequest.ForHammer(run, text, Math.Min(requestSeconds, HammerRunSeconds), hang.TotalSeconds, schedule)
            : WorkerRequest.ForStress(run, text, repetitions, StressOptions.DefaultNoise, (int)run, hang.TotalSeconds, requestSeconds, schedule);
        var result = Send(request, schedule == Schedule.SingleThreaded ? 1 : program.Threads.Count);
        var findings = CampaignFinding.AllFrom(result, text, harness);
        return findings.Count > 0 && Attributed(findings[0]) is { } first ? [first, .. findings.Skip(1)] : findings;
    }

    CampaignFinding? Attributed(CampaignFinding? finding) =>
        finding is null || attribution is null ? finding : attribution.Attribute(finding);

    /// <summary>Sends one request to the worker (started when there is none), which is dropped when it died or hung.</summary>
    /// <exception cref="HarnessException">The worker refused the program or could not start.</exception>
    ProgramResult Send(WorkerRequest request, int threads)
    {
        worker ??= WorkerProcess.StartReady(launch, harness, scratch, symbolizer);
        var result = worker.Run(request, threads, WorkerProcess.StallFor(hang));
        Measured += result.Concurrency;
        // A worker whose sanitizer reported and went on would not report the same race again (ThreadSanitizer reports
        // each pair of stacks once per process): the next run, which counts it again, needs a fresh one.
        if (worker.HasExited || result is ProgramResult.Crashed or ProgramResult.Hung || result.PrintedReports.Count > 0)
        {
            worker.Dispose();
            worker = null;
        }
        if (result is ProgramResult.Rejected rejected) throw new HarnessException($"the program does not run: {rejected.Error}");
        return result;
    }

    /// <summary>
    /// One systematic run of <paramref name="program"/>: up to <paramref name="iterations"/> iterations scheduled as
    /// <paramref name="systematic"/> says (a strategy, or a trace to replay). The failure it showed comes with its
    /// schedule; a crash or hang is traced in a fresh worker first (<see cref="ScheduleCapture"/>).
    /// </summary>
    /// <exception cref="HarnessException">The worker refused the program or could not start.</exception>
    public CampaignFinding? RunSystematic(ConcurrentProgram program, int iterations, SystematicRequest systematic, int seed, double requestSeconds = 120)
    {
        // Coyote schedules calls one by one: a hammer program's calls are explored as the program they are.
        program = program with { Hammer = false };
        string text = ProgramText.Print(program);
        var request = WorkerRequest.ForSystematic(++sequence, text, iterations, seed, hang.TotalSeconds, requestSeconds, systematic);
        var result = Send(request, program.Threads.Count);
        var finding = Attributed(CampaignFinding.From(result, text, harness));
        // A replayed trace needs no capture: it is the schedule already.
        if (finding is not null && result is ProgramResult.Crashed or ProgramResult.Hung && systematic.Trace is null)
        {
            worker = WorkerProcess.StartReady(launch, harness, scratch, symbolizer);
            if (ScheduleCapture.Trace(worker, request, program.Threads.Count, result) is { } schedule) finding = finding with { Schedule = schedule };
            else
            {
                worker.Dispose();
                worker = null;
            }
        }
        return finding;
    }

    /// <summary>Up to <paramref name="runs"/> runs; true as soon as one shows <paramref name="signature"/>.</summary>
    public bool AnyRunShows(
        ConcurrentProgram program, string signature, int runs, int repetitions, Schedule schedule = Schedule.Stress, double requestSeconds = 30) =>
        FirstRunShowing(program, signature, runs, repetitions, schedule, requestSeconds) is not null;

    /// <summary>Up to <paramref name="runs"/> runs; the finding of the first that shows <paramref name="signature"/>, or null.</summary>
    public CampaignFinding? FirstRunShowing(
        ConcurrentProgram program, string signature, int runs, int repetitions, Schedule schedule = Schedule.Stress, double requestSeconds = 30)
    {
        for (int run = 0; run < runs; run++)
            if (RunShowing(program, signature, repetitions, schedule, requestSeconds) is { } finding && finding.Shows(signature)) return finding;
        return null;
    }

    /// <summary>Counts the runs that show <paramref name="signature"/> (any failure when null), and the places the
    /// reproduced failure showed at (its variants).</summary>
    public ReproductionResult Count(
        ConcurrentProgram program, string? signature, int runs, int repetitions, Schedule schedule = Schedule.Stress,
        Action<int, CampaignFinding?>? onRun = null, double requestSeconds = 30)
    {
        var others = new Dictionary<string, int>();
        var variants = new Dictionary<string, int>();
        CampaignFinding? example = null;
        int reproduced = 0;
        for (int run = 1; run <= runs; run++)
        {
            var finding = signature is null ? RunOnce(program, repetitions, schedule, requestSeconds)
                : RunShowing(program, signature, repetitions, schedule, requestSeconds);
            if (finding is not null && (signature is null || finding.Shows(signature)))
            {
                reproduced++;
                example ??= finding;
                string variant = finding.Variant ?? finding.Signature;
                variants[variant] = variants.GetValueOrDefault(variant) + 1;
            }
            else if (finding is not null) others[finding.Signature] = others.GetValueOrDefault(finding.Signature) + 1;
            onRun?.Invoke(run, finding);
        }
        return new ReproductionResult(runs, reproduced, example, others, variants);
    }

    public void Dispose()
    {
        worker?.Dispose();
        worker = null;
        try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
    }
}
