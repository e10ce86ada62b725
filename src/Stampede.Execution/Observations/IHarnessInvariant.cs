using Stampede.Model.Programs;

namespace Stampede.Execution.Observations;

/// <summary>
/// A property of a library's results that a harness asserts, in C#, beyond what the generic oracles check — for
/// example "a balance is never negative" or "interning the same key twice gives the same id". Put a class with a
/// parameterless constructor implementing it anywhere in a harness directory; every completed repetition of every
/// program is passed to it. Return null when the property holds, else one line saying what broke.
/// </summary>
public interface IHarnessInvariant
{
    string? Check(ConcurrentProgram program, ConcurrentHistory history);
}
