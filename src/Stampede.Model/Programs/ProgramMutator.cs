using Stampede.Model.Api;

namespace Stampede.Model.Programs;

public enum MutationKind { ChangeArgument, InsertCall, RemoveCall, MoveCall, AddThread, RemoveThread, ShareHandle }

/// <summary>The result of a mutation: the kind that changed the program, or null when none could.</summary>
public sealed record Mutation(MutationKind? Kind, ConcurrentProgram Program);

/// <summary>
/// Small changes to a valid program: change an argument (a value, or which handle a call uses), insert a call
/// (with the producers it needs), remove a call (with the calls that use what it produced), move a call to another
/// thread, add or remove a thread, share a thread's handle (move its producer to setup). Each mutation proposes a
/// candidate; only a candidate that validates is returned, so a move that would use a handle where it does not
/// exist is discarded and another tried. Handles are renumbered after each change.
/// </summary>
public sealed class ProgramMutator
{
    private const int Attempts = 32;
    private readonly ResourceIndex _index;
    private readonly GenerationOptions _options;

    public ProgramMutator(ApiModel model, GenerationOptions? options = null)
    {
        _index = new ResourceIndex(model);
        _options = options ?? GenerationOptions.Default;
        _options.Check();
    }

    /// <summary>Mutates <paramref name="program"/>, which must be valid (throws <see cref="ProgramValidationException"/>
    /// if not). Returns the program unchanged, with a null kind, when no attempt produced a valid different program.</summary>
    public Mutation Mutate(ConcurrentProgram program, IChoiceSource choices)
    {
        ProgramValidator.EnsureValid(program, _index);
        var kinds = Enum.GetValues<MutationKind>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var kind = kinds[choices.Choose(kinds.Length)];
            var context = new Context(this, program, choices);
            if (context.Apply(kind) is not { } candidate) continue;
            candidate = HandleNumbers.Renumber(candidate);
            if (candidate != program && ProgramValidator.Validate(candidate, _index).Count == 0) return new Mutation(kind, candidate);
        }
        return new Mutation(null, program);
    }

    private sealed class Context(ProgramMutator mutator, ConcurrentProgram program, IChoiceSource choices)
    {
        private readonly ResourceIndex _index = mutator._index;
        private readonly GenerationOptions _options = mutator._options;
        private readonly ArgumentValues _values = new(mutator._index, mutator._options, choices, poolPerThread: false);
        private CallGenerator Calls => new(_index, choices, _values);

        public ConcurrentProgram? Apply(MutationKind kind) => kind switch
        {
            MutationKind.ChangeArgument => ChangeArgument(),
            MutationKind.InsertCall => InsertCall(),
            MutationKind.RemoveCall => RemoveCall(),
            MutationKind.MoveCall => MoveCall(),
            MutationKind.AddThread => AddThread(),
            MutationKind.RemoveThread => RemoveThread(),
            MutationKind.ShareHandle => ShareHandle(),
            _ => null,
        };

        private ConcurrentProgram WithCalls(int? thread, IEnumerable<Call> calls) => thread is { } t
            ? program with { Threads = program.Threads.Select((x, i) => i == t ? new ProgramThread(calls.ToList()) : x).ToList() }
            : program with { Setup = calls.ToList() };

        private ConcurrentProgram? ChangeArgument()
        {
            var sites = program.AllCalls().Where(c => c.Call.Arguments.Count > 0 && _index.Function(c.Call.Function) is not null).ToList();
            if (sites.Count == 0) return null;
            var (site, call) = choices.Pick(sites);
            var f = _index.Function(call.Function)!;
            var i = choices.Choose(call.Arguments.Count);
            var p = f.Parameters[i];
            var arguments = call.Arguments.ToArray();
            switch (arguments[i])
            {
                case HandleOutArgument: return null;
                case HandleArgument h when p.Resource is { } resource:
                    var destroys = _index.DestroyedAt(f, i) is not null;
                    var others = ProgramBuilder.Replay(_index, program, site.Thread, site.Index).Live(resource, site.Thread)
                        .Where(x => x.Id != h.Handle && !(destroys && x.Shared)).ToList();
                    if (others.Count == 0) return null;
                    arguments[i] = new HandleArgument(choices.Pick(others).Id);
                    break;
                default:
                    if (ResourceIndex.BufferOfLength(f, i) is { } buffer)
                        arguments[i] = _values.Length(BufferCapacity.Length(f.Parameters[buffer], arguments[buffer]) ?? 0);
                    else
                    {
                        arguments[i] = _values.For(p, site.Thread);
                        // A smaller buffer takes its length down with it.
                        for (var l = 0; l < arguments.Length; l++)
                            if (ResourceIndex.BufferOfLength(f, l) == i && arguments[l] is IntegerArgument n
                                && (BufferCapacity.Length(p, arguments[i]) ?? 0) is var capacity && n.Value > capacity)
                                arguments[l] = new IntegerArgument(capacity);
                    }
                    break;
            }
            var calls = program.CallsOf(site.Thread).ToArray();
            calls[site.Index] = call with { Arguments = arguments };
            return WithCalls(site.Thread, calls);
        }


        private ConcurrentProgram? InsertCall()
        {
            var calls = Calls;
            if (calls.Callable.Count == 0) return null;
            int? thread = choices.OneIn(4) ? null : choices.Choose(program.Threads.Count);
            var existing = program.CallsOf(thread);
            var position = choices.Choose(existing.Count + 1);
            var builder = ProgramBuilder.Replay(_index, program, thread, position);
            if (!calls.TryAdd(builder, thread, ProgramGenerator.PickFunction(calls.Callable, UsedFunctions(calls), choices))) return null;
            return WithCalls(thread, builder.Calls(thread).Concat(existing.Skip(position)));
        }

        /// <summary>The functions the program already calls: new calls lean on them, to keep threads overlapping.</summary>
        private List<ApiFunction> UsedFunctions(CallGenerator calls) =>
            [.. program.AllCalls().Select(c => c.Call.Function).Distinct().Select(_index.Function).OfType<ApiFunction>()
                .Where(f => calls.Callable.Contains(f))];

        /// <summary>Removes a call and, transitively, every later call that uses a handle a removed call produced.</summary>
        private ConcurrentProgram? RemoveCall()
        {
            var all = program.AllCalls().ToList();
            if (all.Count == 0) return null;
            var (site, _) = choices.Pick(all);
            return CallRemoval.WithoutCall(program, site);
        }

        private ConcurrentProgram? MoveCall()
        {
            var threadCalls = program.AllCalls().Where(c => c.Site.Thread is not null).ToList();
            if (threadCalls.Count == 0) return null;
            var (site, call) = choices.Pick(threadCalls);
            var from = site.Thread!.Value;
            var to = choices.Choose(program.Threads.Count);
            var threads = program.Threads.Select(t => t.Calls.ToList()).ToList();
            threads[from].RemoveAt(site.Index);
            threads[to].Insert(choices.Choose(threads[to].Count + 1), call);
            return program with { Threads = threads.Select(t => new ProgramThread(t)).ToList() };
        }

        private ConcurrentProgram? AddThread()
        {
            if (program.Threads.Count >= _options.MaxThreads) return null;
            var calls = Calls;
            var builder = ProgramBuilder.Replay(_index, program, null, program.Setup.Count);
            var thread = builder.Threads.Count;
            builder.Threads.Add([]);
            var focus = UsedFunctions(calls);
            var count = choices.Between(Math.Max(1, _options.MinCallsPerThread), Math.Max(1, _options.MaxCallsPerThread));
            for (var k = 0; k < count && calls.Callable.Count > 0; k++)
                calls.TryAdd(builder, thread, ProgramGenerator.PickFunction(calls.Callable, focus, choices));
            return program with { Threads = [.. program.Threads, new ProgramThread(builder.Threads[thread])] };
        }

        private ConcurrentProgram? RemoveThread()
        {
            if (program.Threads.Count <= _options.MinThreads) return null;
            var victim = choices.Choose(program.Threads.Count);
            return program with { Threads = program.Threads.Where((_, i) => i != victim).ToList() };
        }

        /// <summary>Moves a thread's producer call to the end of setup, so its handle becomes shared; the thread's
        /// own destructor calls on it go (teardown destroys shared handles), and another thread may take it up.</summary>
        private ConcurrentProgram? ShareHandle()
        {
            var calls = Calls;
            var producers = program.AllCalls()
                .Where(c => c.Site.Thread is not null && _index.Function(c.Call.Function) is { } f && calls.MaySetupCall(f)
                    && _index.Produced(f).Any())
                .ToList();
            if (producers.Count == 0) return null;
            var (site, call) = choices.Pick(producers);
            var thread = site.Thread!.Value;
            var f = _index.Function(call.Function)!;
            var produced = new Dictionary<int, string>();
            if (call.Result is { } r) produced[r] = ResourceIndex.ReturnedResource(f)!;
            for (var i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is HandleOutArgument o && _index.ProducedAt(f, i) is { } resource) produced[o.Handle] = resource;
            // A producer whose handle the program does not keep (obj_retain(r0) with no r1 =) has nothing to share.
            if (produced.Count == 0) return null;
            var threads = program.Threads.Select(t => t.Calls.ToList()).ToList();
            threads[thread] = [.. program.Threads[thread].Calls.Where((c, i) => i != site.Index && !DestroysAny(c, produced.Keys))];
            var (handle, handleResource) = choices.Pick(produced.ToList());
            var other = choices.Choose(program.Threads.Count);
            if (other != thread) threads[other] = UseIn(threads[other], handle, handleResource);
            return program with
            {
                Setup = [.. program.Setup, call],
                Threads = threads.Select(t => new ProgramThread(t)).ToList(),
            };
        }

        private bool DestroysAny(Call call, IEnumerable<int> handles) =>
            _index.Function(call.Function) is { } f
            && call.Arguments.Select((a, i) => a is HandleArgument h && handles.Contains(h.Handle) && _index.DestroyedAt(f, i) is not null).Any(x => x);

        /// <summary>Makes one non-destroying use of a handle of the same resource in <paramref name="calls"/> use
        /// <paramref name="handle"/> instead.</summary>
        private List<Call> UseIn(List<Call> calls, int handle, string resource)
        {
            var uses = new List<(int Call, int Argument)>();
            for (var c = 0; c < calls.Count; c++)
                if (_index.Function(calls[c].Function) is { } f)
                    for (var i = 0; i < calls[c].Arguments.Count; i++)
                        if (calls[c].Arguments[i] is HandleArgument && f.Parameters[i].Resource == resource && _index.DestroyedAt(f, i) is null)
                            uses.Add((c, i));
            if (uses.Count == 0) return calls;
            var (callIndex, argument) = choices.Pick(uses);
            var arguments = calls[callIndex].Arguments.ToArray();
            arguments[argument] = new HandleArgument(handle);
            var changed = calls.ToList();
            changed[callIndex] = calls[callIndex] with { Arguments = arguments };
            return changed;
        }
    }
}
