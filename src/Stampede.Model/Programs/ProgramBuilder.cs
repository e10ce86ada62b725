namespace Stampede.Model.Programs;

/// <summary>
/// A program under construction, with what its calls have done to handles so far: which exist, of which resource,
/// owned by which thread (setup's are shared), which belong to another handle (<see cref="HandleTies"/>), and which
/// are destroyed (or died with their owner). Generation appends to it; mutation replays a program's prefix into it to
/// insert calls in the middle.
/// </summary>
internal sealed class ProgramBuilder(ResourceIndex index, string library)
{
    /// <param name="Handed">Made by setup and handed to <paramref name="Owner"/>: only that thread sees it, as a shared
    /// handle (so generation does not destroy it in passing; the thread releases it once, last).</param>
    private sealed record Handle(string Resource, int? Owner, bool Handed = false)
    {
        public bool Destroyed { get; set; }
    }

    private readonly Dictionary<int, Handle> _handles = [];

    public HandleTies Ties { get; } = new(index);

    public List<Call> Setup { get; } = [];
    public List<List<Call>> Threads { get; } = [];
    public int NextHandle { get; set; }

    public List<Call> Calls(int? thread) => thread is { } t ? Threads[t] : Setup;

    public int NewHandle() => NextHandle++;

    /// <summary>Appends a call to setup or a thread and records what it does to handles.</summary>
    public void Add(int? thread, Call call)
    {
        Calls(thread).Add(call);
        var f = index.Function(call.Function);
        if (f is null) return;
        if (call.Result is { } r && ResourceIndex.ReturnedResource(f) is { } returned) Declare(r, returned, thread);
        for (var i = 0; i < call.Arguments.Count && i < f.Parameters.Count; i++)
        {
            if (call.Arguments[i] is HandleOutArgument o && index.ProducedAt(f, i) is { } produced) Declare(o.Handle, produced, thread);
            if (call.Arguments[i] is HandleArgument h && index.DestroyedAt(f, i) is not null && _handles.TryGetValue(h.Handle, out var dead))
                dead.Destroyed = true;
        }
        foreach (var (id, _) in Ties.Apply(f, call))
            if (_handles.TryGetValue(id, out var dead)) dead.Destroyed = true;
    }

    private void Declare(int id, string resource, int? owner)
    {
        _handles[id] = new Handle(resource, owner);
        NextHandle = Math.Max(NextHandle, id + 1);
    }

    /// <summary>Gives setup's handle <paramref name="id"/> to <paramref name="thread"/> alone (a reference each thread
    /// releases itself): no other thread sees it.</summary>
    public void HandOver(int id, int thread) => _handles[id] = _handles[id] with { Owner = thread, Handed = true };

    /// <summary>Whether setup made handle <paramref name="id"/> and handed it to <paramref name="thread"/>.</summary>
    public bool HandedTo(int id, int? thread) => thread is not null && _handles[id] is { Handed: true } h && h.Owner == thread;

    /// <summary>Live handles of <paramref name="resource"/> that a call in <paramref name="thread"/> may use,
    /// in the order they were produced; <c>Owned</c>: the caller owns it (not borrowed nor passed), so it may be
    /// destroyed or passed on.</summary>
    public List<(int Id, bool Shared, bool Owned)> Live(string resource, int? thread) =>
        [.. _handles.Where(h => h.Value.Resource == resource && !h.Value.Destroyed && (h.Value.Owner is null || h.Value.Owner == thread))
            .OrderBy(h => h.Key)
            .Select(h => (h.Key, thread is not null && (h.Value.Owner is null || h.Value.Handed), Ties.IsOwned(h.Key)))];

    public ConcurrentProgram Build() =>
        new(library, Setup, Threads.Select(t => new ProgramThread(t)).ToList());

    /// <summary>A builder holding setup and thread <paramref name="thread"/> of <paramref name="program"/> up to
    /// call <paramref name="upTo"/> (of setup, when <paramref name="thread"/> is null), with handle numbers continuing
    /// after the highest the whole program uses.</summary>
    public static ProgramBuilder Replay(ResourceIndex index, ConcurrentProgram program, int? thread, int upTo)
    {
        var builder = new ProgramBuilder(index, program.Library);
        var setupCalls = thread is null ? upTo : program.Setup.Count;
        for (var i = 0; i < setupCalls; i++) builder.Add(null, program.Setup[i]);
        for (var t = 0; t < program.Threads.Count; t++)
        {
            builder.Threads.Add([]);
            if (t == thread)
                for (var i = 0; i < upTo; i++) builder.Add(t, program.Threads[t].Calls[i]);
        }
        // A setup handle some thread destroys or passes on was handed to that thread: no other thread may see it.
        for (var t = 0; t < program.Threads.Count; t++)
            foreach (var call in program.Threads[t].Calls)
                if (index.Function(call.Function) is { } f)
                    for (var i = 0; i < call.Arguments.Count && i < f.Parameters.Count; i++)
                        if (call.Arguments[i] is HandleArgument h && (index.DestroyedAt(f, i) is not null || index.PassedTo(f, i) is not null) &&
                            builder._handles.TryGetValue(h.Handle, out var handle) && handle.Owner is null)
                            builder.HandOver(h.Handle, t);
        builder.NextHandle = Math.Max(builder.NextHandle, HandleNumbers.Highest(program) + 1);
        return builder;
    }
}
