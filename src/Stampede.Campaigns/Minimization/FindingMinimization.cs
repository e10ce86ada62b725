using Stampede.Model.Programs;

namespace Stampede.Campaigns.Minimization;

/// <summary>
/// Minimizes a finding's program with <see cref="ProgramMinimizer"/>, the predicate being "a worker run still shows
/// the same signature": each candidate runs in a worker process (replaced when the candidate crashes or hangs it).
/// What the last run of the program it ends at showed comes back with it, so that the report can show that run's
/// timeline beside the minimized program.
/// </summary>
public static class FindingMinimization
{
    public static (MinimizationResult Result, CampaignFinding? Shown) Run(
        Reproducer reproducer, ConcurrentProgram program, string signature, MinimizeOptions options,
        Action<MinimizationAttempt>? onAttempt = null)
    {
        var minimizer = new ProgramMinimizer(reproducer.Harness.Model, new MinimizationOptions(options.MaxAttempts, options.Budget));
        var shown = new Dictionary<string, CampaignFinding>(StringComparer.Ordinal);
        var result = minimizer.Minimize(program, candidate =>
        {
            if (reproducer.FirstRunShowing(candidate, signature, options.Runs, options.Repetitions, requestSeconds: options.RequestSeconds) is not { } finding)
                return false;
            shown[ProgramText.Print(candidate)] = finding;
            return true;
        }, onAttempt);
        return (result, shown.GetValueOrDefault(ProgramText.Print(result.Program)));
    }
}
