namespace Stampede.SelfFuzz;

/// <summary>
/// One contract of Stampede's own input handling that AFL++ tries to break. <see cref="Run"/> returns when the
/// input keeps the contract, throws <see cref="ContractViolation"/> when a property fails, and lets any unexpected
/// exception out: SharpFuzz reports both to afl-fuzz as a crash.
/// </summary>
public interface ISelfFuzzTarget
{
    /// <summary>The name <c>scripts/fuzz-self</c> takes.</summary>
    string Name { get; }

    /// <summary>The contract in one sentence, for the usage text and the summary.</summary>
    string Contract { get; }

    /// <summary>The assemblies (file names) <c>scripts/fuzz-self</c> instruments for this target: the fewest that hold
    /// the code under test, since every instrumented branch costs time on each execution.</summary>
    IReadOnlyList<string> Instrumented { get; }

    void Run(ReadOnlySpan<byte> input);

    /// <summary>Inputs AFL++ starts from: valid ones, so that mutation begins deep inside the format.</summary>
    IEnumerable<SeedInput> Seeds();

    /// <summary>Tokens of the format (keywords, names) that AFL++ splices into inputs.</summary>
    IEnumerable<string> DictionaryTokens();
}
