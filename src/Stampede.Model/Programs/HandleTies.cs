using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>How a handle the caller does not own belongs to another: borrowed from its owner, or passed to it. (An
/// untied handle is the caller's: its thread or teardown destroys it.)</summary>
internal enum HandleTie { Borrowed, Passed }

/// <summary>
/// Which handles of a program belong to other handles, as its calls go: a handle returned borrowed
/// (<see cref="ApiReturn.BorrowedFrom"/>) or passed to a container (<see cref="ApiParameter.PassedTo"/>) is tied to its
/// owner, and dies with it: when the owner is destroyed, when a call drops what the owner holds
/// (<see cref="ApiParameter.DropsOwned"/>), or when the owner's own owner dies. Validation, generation and teardown
/// replay calls through it, so they agree on what is alive and whose it is.
/// </summary>
internal sealed class HandleTies(ResourceIndex index)
{
    /// <param name="Owner">The owning handle, or null for the library.</param>
    /// <param name="By">The call that tied it, for messages.</param>
    public sealed record Tie(HandleTie Kind, int? Owner, string By);

    private readonly Dictionary<int, Tie> _ties = [];
    private readonly HashSet<int> _dead = [];
    // handle -> handles it shows without owning them: the one a reference refers to (ApiReturn.RefersTo), the ones a
    // container holds references to (ApiParameter.ReferenceIn).
    private readonly Dictionary<int, HashSet<int>> _shows = [];

    public Tie? Of(int id) => _ties.GetValueOrDefault(id);

    public bool IsOwned(int id) => !_ties.ContainsKey(id);

    /// <summary>Whether <paramref name="owner"/> owns <paramref name="id"/>, directly or through other handles.</summary>
    public bool Owns(int owner, int id)
    {
        var seen = new HashSet<int>();
        for (var at = id; _ties.TryGetValue(at, out var tie) && tie.Owner is { } next && seen.Add(at); at = next)
            if (next == owner) return true;
        return false;
    }

    /// <summary>Whether <paramref name="id"/> is alive and borrowed from <paramref name="owner"/> itself (an item of it,
    /// not of one of its items): what a <see cref="ApiParameter.MemberOf"/> parameter takes. A handle passed to the owner
    /// does not count: the call that passed it may have failed (a replace that found no item to replace) and left it
    /// outside.</summary>
    public bool Holds(int owner, int id) =>
        !_dead.Contains(id) && _ties.TryGetValue(id, out var tie) && tie is { Kind: HandleTie.Borrowed } && tie.Owner == owner;

    /// <summary>The handles <paramref name="owner"/> owns, directly or through other handles.</summary>
    public IEnumerable<int> Dependents(int owner) => _ties.Keys.Where(id => !_dead.Contains(id) && Owns(owner, id)).ToList();

    /// <summary>Why passing <paramref name="item"/> (or a reference to it) into <paramref name="container"/> would make a
    /// cycle, or null: the container is the item, one it owns, or one it shows through references.</summary>
    public string? Cycle(int item, int container) =>
        item == container ? $"r{item} cannot be passed into itself"
        : Owns(item, container) ? $"r{item} cannot be passed into r{container}, which it owns (a cycle)"
        : Reaches(item, container) ? $"r{item} cannot be passed into r{container}, which it shows through a reference (a cycle)"
        : null;

    /// <summary>Whether <paramref name="container"/> is part of what <paramref name="from"/> shows: held by it, referred
    /// to by it, or either of those of such a handle (a walk over ownership and reference edges).</summary>
    private bool Reaches(int from, int container)
    {
        var seen = new HashSet<int> { from };
        var next = new Queue<int>([from]);
        while (next.Count > 0)
        {
            var at = next.Dequeue();
            var shown = _shows.GetValueOrDefault(at) ?? [];
            foreach (var to in _ties.Where(t => t.Value.Owner == at).Select(t => t.Key).Concat(shown))
            {
                if (to == container) return true;
                if (seen.Add(to)) next.Enqueue(to);
            }
        }
        return false;
    }

    /// <summary>Records what <paramref name="call"/> of <paramref name="f"/> does to ties, and returns the handles that
    /// died with an owner, each with the reason. Run after the call's own destructions are known: a destroyed handle's
    /// dependents die with it.</summary>
    public List<(int Id, string Reason)> Apply(ApiFunction f, Call call)
    {
        var died = new List<(int, string)>();
        void Kill(int owner, string reason)
        {
            foreach (var d in Dependents(owner))
            {
                died.Add((d, reason));
                _dead.Add(d);
            }
        }
        var n = Math.Min(call.Arguments.Count, f.Parameters.Count);
        for (var i = 0; i < n; i++)
            if (call.Arguments[i] is HandleArgument h)
            {
                if (index.DestroyedAt(f, i) is not null) Kill(h.Handle, $"{f.Name} destroyed its owner r{h.Handle}");
                else if (f.Parameters[i].DropsOwned is not null) Kill(h.Handle, $"{f.Name} dropped what its owner r{h.Handle} held");
            }
        for (var i = 0; i < n; i++)
            if (call.Arguments[i] is HandleArgument item && index.PassedTo(f, i) is { } to)
                _ties[item.Handle] = new Tie(HandleTie.Passed, OwnerHandle(call, to), f.Name);
        if (call.Result is { } r && ResourceIndex.BorrowedFrom(f) is { } from)
            _ties[r] = new Tie(HandleTie.Borrowed, OwnerHandle(call, from), f.Name);
        if (call.Result is { } reference && ResourceIndex.ReturnedResource(f) is not null && f.Returns.RefersTo is { } target
            && OwnerHandle(call, target) is { } referee)
            Show(reference, referee);
        for (var i = 0; i < n; i++)
            if (call.Arguments[i] is HandleArgument item && f.Parameters[i].ReferenceIn is { } into && OwnerHandle(call, into) is { } container)
                Show(container, item.Handle);
        return died;
    }

    private void Show(int from, int to)
    {
        if (!_shows.TryGetValue(from, out var set)) _shows[from] = set = [];
        set.Add(to);
    }

    /// <summary>The handle an owner parameter got, or null: the library, or a null argument.</summary>
    private static int? OwnerHandle(Call call, HandleOwner owner) =>
        owner.Parameter is { } k && k < call.Arguments.Count && call.Arguments[k] is HandleArgument h ? h.Handle : null;

    /// <summary>What makes a tie's handle off limits to destroy or pass.</summary>
    public static string Describe(int id, Tie tie)
    {
        var owner = tie.Owner is { } o ? $"r{o}" : "the library";
        return tie.Kind == HandleTie.Borrowed ? $"r{id} is borrowed from {owner} ({tie.By})" : $"r{id} was passed to {owner} by {tie.By}, which owns it now";
    }
}
