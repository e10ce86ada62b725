using System.Text.Json;

namespace Stampede.Model.Contracts;

/// <summary>
/// A contract in the glibc manual's style, as a maintainer pastes it into documentation: <c>MT-Safe</c>,
/// <c>MT-Safe on distinct kv_store</c>, <c>MT-Unsafe race:tk_error init</c>.
/// </summary>
public static class ContractAnnotation
{
    public static string Of(FunctionContract c) => string.Join(' ', new[]
    {
        c.Contract switch
        {
            ThreadSafety.MtSafe => "MT-Safe",
            ThreadSafety.SafeOnDistinctHandles => $"MT-Safe on distinct {c.Group}",
            _ => $"MT-Unsafe race:{c.Group}",
        },
    }.Concat(c.Remarks));

    /// <summary>The contract's JSON name (<c>mt-unsafe</c>).</summary>
    public static string Name(ThreadSafety contract) => JsonSerializer.Serialize(contract).Trim('"');
}
