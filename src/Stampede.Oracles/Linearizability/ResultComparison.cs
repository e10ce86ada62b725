namespace Stampede.Oracles.Linearizability;

/// <summary>How a call's observed result is compared with the reference's.</summary>
public enum ResultComparison
{
    /// <summary>The texts must be equal.</summary>
    Exact,

    /// <summary>Only which results of the same function are equal to which must agree (ids, addresses, counters
    /// that start anywhere): a one-to-one renaming of values is allowed.</summary>
    EqualityPattern,

    /// <summary>Not evidence of anything (nondeterministic results: time, randomness).</summary>
    Ignored,
}
