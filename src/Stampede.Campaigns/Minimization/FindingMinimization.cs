using Stampede.Campaigns.Systematic;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Minimization;

/// <summary>
/// Minimizes a finding's program with <see cref="ProgramMinimizer"/>, each candidate run in a worker process (replaced
/// when the candidate crashes or hangs it). Under stress the predicate is "a worker run still shows the same
/// signature"; under schedules (<see cref="RunSystematic"/>) it is "a systematic search from the same seed still finds
/// it", which answers the same every time a candidate is asked, so the program shrinks deterministically. What the
/// last run of the program it ends at showed comes back with it, so that the report can show that run's timeline
/// beside the minimized program.
/// </summary>
public static class FindingMinimization
{
    public static (MinimizationResult Result, CampaignFinding? Shown) Run(
        Reproducer reproducer, ConcurrentProgram program, string signature, MinimizeOptions options,
        Action<MinimizationAttempt>? onAttempt = null) =>
        Run(reproducer, program, candidate =>
            reproducer.FirstRunShowing(candidate, signature, options.Runs, options.Repetitions, requestSeconds: options.RequestSeconds), options, onAttempt);

    /// <summary>Under schedules: a candidate keeps the failure when a search of <paramref name="iterations"/> schedules
    /// from <paramref name="seed"/> with <paramref name="strategy"/> finds it (<see cref="ScheduleSearch"/>: on a
    /// schedule build, the race a stress finding's key names counts as it).</summary>
    public static (MinimizationResult Result, CampaignFinding? Shown) RunSystematic(
        Reproducer reproducer, ConcurrentProgram program, string signature, int iterations, string strategy, int seed, MinimizeOptions options,
        Action<MinimizationAttempt>? onAttempt = null)
    {
        var matches = ScheduleSearch.Matcher(signature, reproducer)!;
        // What the program shows under schedules: a candidate keeps the failure when it shows that again, or the
        // race. The race alone is not enough on a schedule build: a write past an array's end, say, comes when the
        // other thread has already returned from the call that grew the count, with one thread in a call.
        if (ScheduleSearch.Find(reproducer, program, iterations, strategy, seed, matches, out _) is not { } shown)
            return (new MinimizationResult(program, program, 1, 0, MinimizationStop.DidNotReproduce), null);
        return Run(reproducer, program, candidate => ScheduleSearch.Find(reproducer, candidate, iterations, strategy, seed,
            f => f.Shows(shown.Signature) || matches(f), out _), options, onAttempt);
    }

    static (MinimizationResult Result, CampaignFinding? Shown) Run(
        Reproducer reproducer, ConcurrentProgram program, Func<ConcurrentProgram, CampaignFinding?> showing, MinimizeOptions options,
        Action<MinimizationAttempt>? onAttempt)
    {
        var minimizer = new ProgramMinimizer(reproducer.Harness.Model, new MinimizationOptions(options.MaxAttempts, options.Budget));
        var shown = new Dictionary<string, CampaignFinding>(StringComparer.Ordinal);
        var result = minimizer.Minimize(program, candidate =>
        {
            if (showing(candidate) is not { } finding) return false;
            shown[ProgramText.Print(candidate)] = finding;
            return true;
        }, onAttempt);
        return (result, shown.GetValueOrDefault(ProgramText.Print(result.Program)));
    }
}
