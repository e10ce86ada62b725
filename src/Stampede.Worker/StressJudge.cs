using System.Diagnostics;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;
using Stampede.Oracles.Checking;

namespace Stampede.Worker;

/// <summary>
/// Runs a prepared program under the stress executor, repetition after repetition, and judges each completed one with
/// the program's <see cref="ProgramChecker"/>: stops at the first verdict, at a hang, or once the budget is spent. The
/// worker runs its stress, serialized and single-threaded requests through it, the AFL++ target every input.
/// </summary>
public sealed class StressJudge(NativeTarget target, CallBoard? board = null)
{
    /// <summary>Called with each completed repetition before it is judged: the AFL++ target folds its coverage there,
    /// before the checker's reference runs use the library again.</summary>
    public Action<RepetitionOutcome.Completed>? BeforeJudging { get; init; }

    /// <summary>Called after each repetition is judged: the worker's heartbeat counts them.</summary>
    public Action? AfterJudging { get; init; }

    /// <summary>
    /// What becomes of a repetition that completes once the budget is spent. False (the worker): it is not judged, so
    /// that a request keeps its deadline even when checking is slow. True (the AFL++ target): it is judged, and then
    /// the run stops; AFL++'s timeout leaves room for it.
    /// </summary>
    public bool JudgesRepetitionPastBudget { get; init; }

    public StressJudgement Run(PreparedProgram program, ProgramChecker checker, StressOptions options, TimeSpan budget)
    {
        int repetitions = 0;
        long calls = 0;
        Failure? failure = null;
        int failedRepetition = 0;
        IReadOnlyList<int>? unfinished = null;
        var concurrency = Concurrency.None;
        var clock = Stopwatch.StartNew();
        new StressExecutor(target, board).Run(program, options, outcome =>
        {
            repetitions++;
            switch (outcome)
            {
                case RepetitionOutcome.Hung hung:
                    unfinished = hung.Unfinished;
                    return false;
                case RepetitionOutcome.Completed done:
                    if (!JudgesRepetitionPastBudget && clock.Elapsed > budget) return false;
                    calls += done.History.CallCount;
                    concurrency += done.Concurrency;
                    BeforeJudging?.Invoke(done);
                    failure = checker.Check(done.History);
                    failedRepetition = done.Repetition;
                    AfterJudging?.Invoke();
                    if (failure is not null) return false;
                    return !JudgesRepetitionPastBudget || clock.Elapsed < budget;
            }
            return true;
        });
        return new StressJudgement(repetitions, calls, failure is null ? null : (failure, failedRepetition), unfinished, concurrency);
    }
}
