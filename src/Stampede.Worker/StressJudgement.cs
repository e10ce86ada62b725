using Stampede.Execution.Running;
using Stampede.Oracles.Checking;

namespace Stampede.Worker;

/// <summary>What a <see cref="StressJudge"/> run came to: how many repetitions ran (a last one past the budget or
/// hung included) and how many calls were judged; the first failure with its repetition, or the threads that did not
/// finish when a repetition hung; and how much the judged repetitions' calls ran at the same time.</summary>
public sealed record StressJudgement(
    int Repetitions, long Calls, (Failure Failure, int Repetition)? Verdict, IReadOnlyList<int>? Unfinished, Concurrency Concurrency = default);
