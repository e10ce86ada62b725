using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// Appends one call of a chosen function to setup or a thread, with valid arguments: handles it needs are picked
/// from the live ones the scope may see (shared ones preferred in a thread, so threads meet on them) or produced
/// first by a producer call of their own; a destructor only gets a handle its own thread produced; lengths fit the
/// buffers they go with. A handle that is borrowed or was passed to another is never destroyed nor passed on, and a
/// handle is never passed into itself or into a handle it owns; a handle a call takes out of another is one borrowed
/// from it. Every call it appends keeps the program valid.
/// </summary>
internal sealed class CallGenerator(ResourceIndex index, IChoiceSource choices, ArgumentValues values)
{
    /// <summary>How deep producers of producers' inputs may nest before a call is given up.</summary>
    private const int MaxProducerDepth = 3;

    /// <summary>Every call that may take a shared handle takes one (hammer programs: all threads on one object).</summary>
    public bool AlwaysShared { get; init; }

    /// <summary>A thread may destroy or pass on a handle setup handed to it, as the validator allows (experiments: setup
    /// makes every handle, so that threads make no calls but the ones under test).</summary>
    public bool GivesHanded { get; init; }

    public IReadOnlyList<ApiFunction> Callable => index.Callable;

    /// <summary>Whether setup may call <paramref name="f"/>: setup destroys nothing (a thread would meet the dead
    /// handle) and produces nothing thread-confined (every handle it leaves is shared).</summary>
    public bool MaySetupCall(ApiFunction f) =>
        !index.IsDestructor(f) && index.Produced(f).All(r => !index.IsThreadConfined(r));

    private bool ChangesTies(ApiFunction f) =>
        ResourceIndex.BorrowedFrom(f) is { Parameter: not null }
        || Enumerable.Range(0, f.Parameters.Count).Any(i => index.PassedTo(f, i) is not null || f.Parameters[i].DropsOwned is not null);

    /// <summary>Appends a call of <paramref name="f"/>, preceded by the producer calls its handles need; false when
    /// no valid call could be made (producers already appended stay: they are valid calls too).</summary>
    public bool TryAdd(ProgramBuilder builder, int? thread, ApiFunction f) => Add(builder, thread, f) is not null;

    /// <summary>As <see cref="TryAdd(ProgramBuilder, int?, ApiFunction)"/>, returning the call appended, or null.</summary>
    public Call? Add(ProgramBuilder builder, int? thread, ApiFunction f) => TryAdd(builder, thread, f, 0);

    private Call? TryAdd(ProgramBuilder builder, int? thread, ApiFunction f, int depth)
    {
        if (thread is null && !MaySetupCall(f)) return null;
        // Setup runs before every thread: once a thread has calls (byte decoding interleaves them), a setup call that
        // ties a handle to another or drops what one holds would change handles those calls already used.
        if (thread is null && builder.Threads.Any(t => t.Count > 0) && ChangesTies(f)) return null;
        var arguments = new Argument?[f.Parameters.Count];
        var destroyed = new HashSet<int>();
        var producing = index.Produced(f).Any();
        for (var i = 0; i < f.Parameters.Count; i++)
        {
            var p = f.Parameters[i];
            if (index.ProducedAt(f, i) is not null || ResourceIndex.BufferOfLength(f, i) is not null) continue;
            if (p is { Role: ParameterRole.HandleIn, Resource: { } resource })
            {
                var destroys = index.DestroyedAt(f, i) is not null;
                // Passing a handle on gives it away, as destroying it does: only an owned handle of the thread's own.
                var gives = destroys || index.PassedTo(f, i) is not null;
                // Dropping what a shared handle holds would kill what other threads may use of it.
                var drops = thread is not null && p.DropsOwned is not null;
                var handle = f.Parameters[i].MemberOf is { Parameter: { } k }
                    ? PickMember(builder, thread, resource, arguments[k], destroyed)
                    : PickHandle(builder, thread, resource, gives, drops, destroyed, depth);
                if (handle is not { } id) return null;
                if (gives) destroyed.Add(id);
                arguments[i] = new HandleArgument(id);
            }
            else arguments[i] = values.For(p, thread, producing);
        }
        for (var i = 0; i < f.Parameters.Count; i++)
            if (ResourceIndex.BufferOfLength(f, i) is { } b)
                arguments[i] = arguments[b] is NullArgument ? new IntegerArgument(0)
                    : BufferCapacity.Length(f.Parameters[b], arguments[b]!) is { } capacity ? values.Length(capacity)
                    : values.For(f.Parameters[i], thread, producing);
        for (var i = 0; i < f.Parameters.Count; i++)
            if ((index.PassedTo(f, i) ?? f.Parameters[i].ReferenceIn) is { Parameter: { } k } && arguments[i] is HandleArgument item && arguments[k] is HandleArgument container
                && builder.Ties.Cycle(item.Handle, container.Handle) is not null)
                return null;
        // Handles are numbered in the order the text shows them: the result, then out-parameters.
        int? result = ResourceIndex.ReturnedResource(f) is not null ? builder.NewHandle() : null;
        for (var i = 0; i < f.Parameters.Count; i++)
            if (index.ProducedAt(f, i) is not null) arguments[i] = new HandleOutArgument(builder.NewHandle());
        var call = new Call(f.Name, arguments.Select(a => a!).ToList(), result);
        builder.Add(thread, call);
        return call;
    }

    /// <summary>A live handle borrowed from the handle passed as <paramref name="holder"/> (the item a call takes out of
    /// it), or null when it has none yet: the call is then not made.</summary>
    private int? PickMember(ProgramBuilder builder, int? thread, string resource, Argument? holder, HashSet<int> destroyed)
    {
        if (holder is not HandleArgument h) return null;
        var members = builder.Live(resource, thread).Where(x => !destroyed.Contains(x.Id) && builder.Ties.Holds(h.Handle, x.Id)).ToList();
        return members.Count > 0 ? choices.Pick(members).Id : null;
    }

    private int? PickHandle(ProgramBuilder builder, int? thread, string resource, bool gives, bool drops, HashSet<int> destroyed, int depth)
    {
        var live = builder.Live(resource, thread).Where(h => !destroyed.Contains(h.Id)).ToList();
        if (drops) live = [.. live.Where(h => !h.Shared || !builder.Ties.Dependents(h.Id).Any())];
        // Only handles the thread made itself, and owns, may be destroyed or passed on by it; shared ones wait for
        // teardown, borrowed and passed ones for their owner.
        if (gives) live = [.. live.Where(h => (!h.Shared || GivesHanded && builder.HandedTo(h.Id, thread)) && h.Owned)];
        var shared = live.Where(h => h.Shared).ToList();
        var own = live.Where(h => !h.Shared).ToList();
        if (AlwaysShared && shared.Count > 0) return choices.Pick(shared).Id;
        switch (choices.Choose(4))
        {
            case < 2 when shared.Count > 0: return choices.Pick(shared).Id;
            case < 3 when own.Count > 0: return choices.Pick(own).Id;
            case < 3 when live.Count > 0: return choices.Pick(live).Id;
        }
        return Produce(builder, thread, resource, owned: gives, depth) ?? (live.Count > 0 ? choices.Pick(live).Id : null);
    }

    /// <summary>Appends a producer of <paramref name="resource"/> and returns the handle it makes; with
    /// <paramref name="owned"/>, only a producer whose handle the caller owns (not one that borrows it).</summary>
    private int? Produce(ProgramBuilder builder, int? thread, string resource, bool owned, int depth)
    {
        if (depth >= MaxProducerDepth) return null;
        // A producer that also destroys (a realloc-like call) could kill a handle the waiting call already holds, and
        // one that drops what a handle holds could kill a handle borrowed from it.
        var producers = Callable.Where(f => index.Produced(f).Contains(resource) && !index.IsDestructor(f)
                                            && !f.Parameters.Any(p => p.DropsOwned is not null)
                                            && !(owned && ResourceIndex.ReturnedResource(f) == resource && ResourceIndex.BorrowedFrom(f) is not null)).ToList();
        if (producers.Count == 0) return null;
        var start = choices.Choose(producers.Count);
        for (var k = 0; k < producers.Count; k++)
        {
            var f = producers[(start + k) % producers.Count];
            if (TryAdd(builder, thread, f, depth + 1) is { } call && HandleMade(call, resource) is { } made) return made;
        }
        return null;
    }

    /// <summary>The handle of <paramref name="resource"/> that <paramref name="call"/> produces (returned or through
    /// an out-parameter), or null.</summary>
    public int? HandleMade(Call call, string resource)
    {
        if (index.Function(call.Function) is not { } f) return null;
        if (call.Result is { } r && ResourceIndex.ReturnedResource(f) == resource) return r;
        for (var i = 0; i < call.Arguments.Count; i++)
            if (call.Arguments[i] is HandleOutArgument o && index.ProducedAt(f, i) == resource) return o.Handle;
        return null;
    }
}
