using Stampede.Model.Api;
using Stampede.Model.Contracts;

namespace Stampede.Harnesses.SafeLayer;

/// <summary>Which lock a safe wrapper takes around one native call.</summary>
public enum LockKind
{
    /// <summary>MT-Safe: no lock.</summary>
    None,
    /// <summary>Safe on distinct handles: the lock of the handle passed (<see cref="FunctionLock.HandleParameter"/>).</summary>
    Handle,
    /// <summary>MT-Unsafe: the lock of its race group, shared with every function of the group.</summary>
    Group,
    /// <summary>MT-Unsafe in a group with <c>const</c> writers, and not one of them: the group's reader-writer lock, read side.</summary>
    GroupRead,
    /// <summary>MT-Unsafe <c>const</c>: it writes what the group's readers read: the group's reader-writer lock, write side.</summary>
    GroupWrite,
    /// <summary>The one lock every call takes: the GIL-like baseline.</summary>
    Global,
}

/// <summary>How the safe layer guards function <see cref="Index"/> (api.json's index).</summary>
public sealed record FunctionLock(int Index, string Function, LockKind Kind, int? HandleParameter = null, string? Group = null);

/// <summary>What the wrappers lock: by each function's contract (a race group under one exclusive lock, or with
/// <see cref="SharedReaders"/> a reader-writer lock when it has <c>const</c> writers), or everything under one lock.</summary>
public enum Locking
{
    Contract,
    /// <summary>As <see cref="Contract"/>, and the members of a group with <c>const</c> writers that are not writers share
    /// its lock. Opt-in: a "reader" is a member that never failed against itself or another reader, which is absence of
    /// evidence; one that writes after all races under the shared lock.</summary>
    SharedReaders,
    Global,
}

/// <summary>
/// The locks of a contract-driven binding layer (docs/contracts.md): none for an MT-Safe function, the handle's lock
/// for one safe on distinct handles, its race group's lock for an MT-Unsafe one, and one lock for all under
/// <see cref="Locking.Global"/>. A function the contracts do not list is taken as MT-Unsafe in a group of its own:
/// what was not classified is not assumed safe. Each call takes at most one lock, so the layer adds no lock-order
/// deadlock of its own.
/// </summary>
public static class LockPlan
{
    public static IReadOnlyList<FunctionLock> For(ApiModel model, LibraryContracts? contracts, Locking locking)
    {
        // A group with a const writer has readers that may run together: its lock is a reader-writer lock.
        var sharedGroups = locking != Locking.SharedReaders ? []
            : contracts?.Functions.Values.Where(c => c is { Contract: ThreadSafety.MtUnsafe, Group: not null } && c.Remarks.Contains(ContractRemarks.Const))
                .Select(c => c.Group!).ToHashSet() ?? [];
        return model.Functions.Select((f, i) => locking == Locking.Global || contracts is null ? new FunctionLock(i, f.Name, LockKind.Global)
            : contracts.Functions.GetValueOrDefault(f.Name) switch
            {
                { Contract: ThreadSafety.MtSafe } => new FunctionLock(i, f.Name, LockKind.None),
                { Contract: ThreadSafety.SafeOnDistinctHandles, Group: var type } when HandleParameter(f, type) is { } k
                    => new FunctionLock(i, f.Name, LockKind.Handle, HandleParameter: k),
                { Contract: ThreadSafety.SafeOnDistinctHandles } => new FunctionLock(i, f.Name, LockKind.Group, Group: f.Name),
                { Contract: ThreadSafety.MtUnsafe, Group: { } group } c when sharedGroups.Contains(group)
                    => new FunctionLock(i, f.Name, c.Remarks.Contains(ContractRemarks.Const) ? LockKind.GroupWrite : LockKind.GroupRead, Group: group),
                { Contract: ThreadSafety.MtUnsafe, Group: { } group } => new FunctionLock(i, f.Name, LockKind.Group, Group: group),
                _ => new FunctionLock(i, f.Name, LockKind.Group, Group: f.Name),
            }).ToList();
    }

    /// <summary>The first parameter that takes a handle of <paramref name="type"/> (any handle when no type is named).</summary>
    static int? HandleParameter(ApiFunction f, string? type)
    {
        for (int k = 0; k < f.Parameters.Count; k++)
            if (f.Parameters[k] is { Role: ParameterRole.HandleIn } p && (type is null || p.Resource == type)) return k;
        return null;
    }
}
