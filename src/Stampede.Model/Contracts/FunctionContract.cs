namespace Stampede.Model.Contracts;

/// <summary>
/// What <c>classify</c> concluded about one function. <see cref="Group"/>: for <see cref="ThreadSafety.MtUnsafe"/>, the
/// race group (the functions that share one unguarded state, named by the state when a sanitizer named it, as glibc
/// writes <c>race:tmbuf</c>); for <see cref="ThreadSafety.SafeOnDistinctHandles"/>, the handle type that must not be
/// shared. <see cref="Remarks"/>: glibc's remarks where they apply (<c>init</c>: unsafe only in the first calls of a
/// fresh library; <c>const</c>: unsafe only against a writer of its group). Every unsafe verdict carries its
/// <see cref="Evidence"/>; every verdict says what was <see cref="Tried"/>, since safety found by testing is only the
/// absence of evidence.
/// </summary>
public sealed record FunctionContract(
    ThreadSafety Contract,
    string? Group,
    IReadOnlyList<string> Remarks,
    IReadOnlyList<ContractEvidence> Evidence,
    ContractTried Tried);

/// <summary>One failed experiment behind an unsafe verdict: which, the finding's key and kind, the program that showed
/// it (in text form), and the command that runs it again.</summary>
public sealed record ContractEvidence(string Experiment, string Key, FindingKind Kind, string Program, string Repro);

/// <summary>How much was tried on a function: experiments it was in, repetitions in all, and the modes they ran in.</summary>
public sealed record ContractTried(int Experiments, long Repetitions, IReadOnlyList<string> Modes)
{
    public string Sentence => $"no failure in {Experiments} experiment(s), {Repetitions:N0} repetitions, modes {string.Join(", ", Modes)}";
}
