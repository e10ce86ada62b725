using Stampede.Execution.Observations;

namespace Stampede.Oracles.Checking;

/// <summary>
/// An oracle over the histories of one program's repetitions: made once per program (<see cref="HistoryOracles"/>),
/// asked about every completed repetition. To add one: a class implementing this, and its line in
/// <see cref="HistoryOracles.For"/>.
/// </summary>
public interface IHistoryOracle
{
    /// <summary>What this oracle proves wrong about <paramref name="history"/>, or null.</summary>
    Failure? Check(ConcurrentHistory history);
}
