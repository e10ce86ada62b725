using Stampede.Model.Programs;

namespace Stampede.Campaigns.Minimization;

/// <summary>
/// Minimizes a finding's program with <see cref="ProgramMinimizer"/>, the predicate being "a worker run still shows
/// the same signature": each candidate runs in a worker process (replaced when the candidate crashes or hangs it).
/// </summary>
public static class FindingMinimization
{
    public static MinimizationResult Run(
        Reproducer reproducer, ConcurrentProgram program, string signature, MinimizeOptions options,
        Action<MinimizationAttempt>? onAttempt = null)
    {
        var minimizer = new ProgramMinimizer(reproducer.Harness.Model, new MinimizationOptions(options.MaxAttempts, options.Budget));
        return minimizer.Minimize(program,
            candidate => reproducer.AnyRunShows(candidate, signature, options.Runs, options.Repetitions, requestSeconds: options.RequestSeconds),
            onAttempt);
    }
}
