namespace Stampede.Model.Contracts;

/// <summary>The remarks a <see cref="FunctionContract"/> may carry, each declared once.</summary>
public static class ContractRemarks
{
    /// <summary>glibc's <c>init</c>: every race of the function is gone once the library was warmed up (its first use races).</summary>
    public const string Init = "init";

    /// <summary>glibc's <c>const</c>: the function writes state that others of its group read unguarded; those readers are
    /// safe against each other, so a reader-writer lock serves the group.</summary>
    public const string Const = "const";

    /// <summary>The function's handle is one the harness confines to one thread (<c>confined:z_stream</c>): its contract is
    /// the harness's word, not a result.</summary>
    public const string Confined = "confined";

    /// <summary>Its f ∥ f experiment failed on one thread too: a precondition or an ordinary bug, not a race.</summary>
    public const string FailsOnOneThread = "fails-on-one-thread";
}
