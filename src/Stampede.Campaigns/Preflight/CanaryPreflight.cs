using System.Diagnostics;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Running;
using Stampede.Harnesses;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Preflight;

/// <summary>
/// Before a campaign, runs the canary library's known races through the same kind of worker the campaign will use (its
/// launch: sanitizer runtime and options, memory limit; its repetitions and hang timeout; the machine's cores as the
/// campaign sees them), so that a setting that hides races (one usable core, a CPU quota, a hang timeout longer than the
/// budget) stops the run instead of letting it say "clean". First the overlap program measures how many calls run
/// together; when too few do, the races are not run (they cannot be seen, and waiting for them would only cost time).
/// Then each race runs, request after request, until it shows or its budget (<see cref="PerRace"/>) is spent.
/// </summary>
public static class CanaryPreflight
{
    /// <summary>Each race's budget. On two free cores each shows in its first request (a deadlock after the hang timeout).</summary>
    public static readonly TimeSpan PerRace = TimeSpan.FromSeconds(10);

    /// <summary>Repetitions of the overlap program: one in <see cref="Concurrency.MeasuredOneIn"/> is measured, 16 calls
    /// each, so that <see cref="Concurrency.MeaningfulCalls"/> are measured.</summary>
    public const int OverlapRepetitions = 400;

    /// <summary>The canary harness's directory within a Stampede repository.</summary>
    public const string HarnessDirectory = "harnesses/canary";

    public static PreflightResult Run(Harness canary, WorkerLaunch launch, TimeSpan hang, int repetitions, Action<string> progress,
        CancellationToken cancel)
    {
        var started = Stopwatch.StartNew();
        using var reproducer = new Reproducer(canary, launch, hang);
        reproducer.Run(Program(canary, CanaryRace.OverlapProgramFile), OverlapRepetitions);
        var overlap = reproducer.Measured;
        progress($"{overlap.Overlap:P0} of {overlap.Calls:N0} measured calls ran at the same time as another thread's");
        if (overlap.IsLow) return new PreflightResult(overlap, [], hang, started.Elapsed);

        var outcomes = new List<CanaryOutcome>();
        foreach (var race in CanaryRace.All)
        {
            var program = Program(canary, race.ProgramFile);
            var clock = Stopwatch.StartNew();
            CampaignFinding? seen = null;
            while (seen is null && clock.Elapsed < PerRace && !cancel.IsCancellationRequested)
                seen = reproducer.Run(program, repetitions, requestSeconds: Math.Max(1, (PerRace - clock.Elapsed).TotalSeconds))
                    .FirstOrDefault(f => race.SeenAs(f.Kind));
            var outcome = new CanaryOutcome(race, seen?.Kind, seen?.Signature, clock.Elapsed);
            progress(outcome.Line());
            outcomes.Add(outcome);
        }
        return new PreflightResult(overlap, outcomes, hang, started.Elapsed);
    }

    static ConcurrentProgram Program(Harness canary, string file)
    {
        string path = Path.Combine(canary.Directory, "programs", file);
        try { return ProgramText.Parse(File.ReadAllText(path), canary.Model, path); }
        catch (Exception e) when (e is IOException or ProgramTextException)
        {
            throw new HarnessException($"{path}: the canary's program is missing or broken ({e.Message})");
        }
    }
}
