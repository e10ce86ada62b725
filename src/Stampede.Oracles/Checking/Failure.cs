using Stampede.Execution.Observations;
using Stampede.Model;
using Stampede.Oracles.Isolation;
using Stampede.Oracles.Linearizability;

namespace Stampede.Oracles.Checking;

/// <summary>
/// Something an oracle proved wrong about one run. <see cref="Kind"/> and <see cref="Signature"/> identify it across
/// runs (findings with the same signature are one finding); <see cref="History"/> is the run that showed it.
/// </summary>
public abstract record Failure(FindingKind Kind, string Signature, ConcurrentHistory History)
{
    public abstract string Summary { get; }

    /// <summary>A signature: the kind's name, a colon, what names this failure among the kind's.</summary>
    static string Sign(FindingKind kind, string what) => kind.Name() + ":" + what;

    /// <summary>No sequential order of the calls explains the results. Signed by the functions that broke it.</summary>
    public sealed record NotLinearizable(LinearizabilityVerdict.NotLinearizable Detail, ConcurrentHistory History, Judgement Judgement)
        : Failure(FindingKind.NotLinearizable, Sign(FindingKind.NotLinearizable, string.Join(",", Detail.Functions)), History)
    {
        public override string Summary =>
            $"{Detail.Culprit.Function} ({Detail.Culprit.Id}) returned {Detail.Culprit.Result}; no sequential order gives that " +
            $"(after the longest explainable prefix it gives {Detail.Expected}); {Judgement.OfLinearizability()}";
    }

    /// <summary>A harness invariant (C# the harness supplies) did not hold. Signed by the invariant's type.</summary>
    public sealed record InvariantBroken(string Invariant, string Message, ConcurrentHistory History)
        : Failure(FindingKind.Invariant, Sign(FindingKind.Invariant, Invariant), History)
    {
        public override string Summary => $"{Invariant}: {Message}";
    }

    /// <summary>A thread saw another thread's data through hidden shared state. Signed by the function.</summary>
    public sealed record CrossTalk(IsolationViolation Violation, ConcurrentHistory History, Judgement Judgement)
        : Failure(FindingKind.Isolation, Sign(FindingKind.Isolation, Violation.Call.Function), History)
    {
        public override string Summary =>
            $"{Violation.Call.Function} ({Violation.Call.Id}) returned {Violation.Call.Result}, another thread's result; " +
            $"alone, its thread gets {Violation.Alone}; {Judgement.OfIsolation()}";
    }
}
