using System.Globalization;
using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// Checks a program against its library's API model. Generation and mutation call it after every step, so a
/// broken program is caught where it was made (syzkaller's validation pass). The rules:
/// functions exist and may be called; arguments fit the parameters' roles; a handle is produced once, before its
/// first use, and is visible only to the thread that produced it (or to every thread, when setup produced it);
/// a handle is never used after its destructor, and a shared handle is never destroyed by a thread (teardown
/// destroys it after the threads join) unless it was handed over: setup made it, and no other thread uses it (each
/// thread given a reference of its own to release); so no call can run concurrently with the destructor of its handle;
/// a handle borrowed from another, or passed to another, is never destroyed nor passed on, and is dead once its owner
/// is destroyed or drops what it holds; a handle is never passed into itself or into a handle it owns (no cycles),
/// and a thread passes on a shared handle only as it may destroy one; thread-confined resources are never shared; a buffer has at most <see cref="MaxBufferSize"/> bytes, and a length never
/// exceeds the buffer passed with it.
/// </summary>
public static class ProgramValidator
{
    /// <summary>Threads a program may have: enough for any machine's cores, few enough to schedule.</summary>
    public const int MaxThreads = 64;

    /// <summary>Bytes a <c>buf[N]</c> may have: 256 times the generator's default largest (4096), far beyond what a
    /// call fills, yet small enough that zeroing it every call of every repetition cannot pass for a hang.</summary>
    public const int MaxBufferSize = 1 << 20;

    public static IReadOnlyList<ValidationError> Validate(ConcurrentProgram program, ApiModel model) =>
        Validate(program, new ResourceIndex(model));

    /// <summary>Throws <see cref="ProgramValidationException"/> when <paramref name="program"/> breaks a rule.</summary>
    public static void EnsureValid(ConcurrentProgram program, ApiModel model) => EnsureValid(program, new ResourceIndex(model));

    internal static void EnsureValid(ConcurrentProgram program, ResourceIndex index)
    {
        var errors = Validate(program, index);
        if (errors.Count > 0) throw new ProgramValidationException(errors, ProgramText.Print(program));
    }

    internal static IReadOnlyList<ValidationError> Validate(ConcurrentProgram program, ResourceIndex index) =>
        new Checker(program, index).Run();

    private sealed class Checker(ConcurrentProgram program, ResourceIndex index)
    {
        private sealed class Handle(string? resource, int? owner, CallSite producedAt)
        {
            public string? Resource { get; } = resource;
            public int? Owner { get; } = owner;
            public CallSite ProducedAt { get; } = producedAt;
            public bool Produced { get; set; }
            /// <summary>What ended it, as "cJSON_Delete destroyed it"; null while it lives.</summary>
            public string? Death { get; set; }
        }

        private readonly List<ValidationError> _errors = [];
        private readonly Dictionary<int, Handle> _handles = [];
        private readonly HandleTies _ties = new(index);
        private ApiModel Model => index.Model;

        public List<ValidationError> Run()
        {
            if (program.Library != Model.Library)
                _errors.Add(new(null, null, $"the program is for library {program.Library}, the model for {Model.Library}"));
            if (program.Threads.Count is 0 or > MaxThreads)
                _errors.Add(new(null, null, $"a program has 1 to {MaxThreads} threads, this one {program.Threads.Count}"));
            DeclareHandles();
            for (var i = 0; i < program.Setup.Count; i++) CheckCall(new CallSite(null, i));
            foreach (var (id, h) in _handles)
                if (h.Owner is null && h.Death is null && h.Resource is { } r && index.IsThreadConfined(r))
                    _errors.Add(new(h.ProducedAt, null, $"r{id} is a {r}, which is thread-confined, so setup must not leave it to be shared"));
            for (var t = 0; t < program.Threads.Count; t++)
                for (var i = 0; i < program.Threads[t].Calls.Count; i++) CheckCall(new CallSite(t, i));
            _errors.Sort((a, b) => Order(a).CompareTo(Order(b)));
            return _errors;
        }

        // Errors in program order, so the first one is the first a reader meets in the text.
        private (int, int, int, int) Order(ValidationError e) =>
            e.Site is { } s ? (1, s.Thread is { } t ? t + 1 : 0, s.Index, e.Argument ?? -1) : (0, 0, 0, 0);

        /// <summary>First pass: where each handle is produced and of which resource, so that uses can name the
        /// real problem (used too early, produced by another thread, never produced, produced twice).</summary>
        private void DeclareHandles()
        {
            foreach (var (site, call) in program.AllCalls())
            {
                var f = index.Function(call.Function);
                if (call.Result is { } result)
                    Declare(result, f is null ? null : ResourceIndex.ReturnedResource(f), site, null);
                for (var i = 0; i < call.Arguments.Count; i++)
                    if (call.Arguments[i] is HandleOutArgument o)
                        Declare(o.Handle, f is not null && i < f.Parameters.Count ? index.ProducedAt(f, i) : null, site, i);
            }
        }

        private void Declare(int id, string? resource, CallSite site, int? argument)
        {
            if (id < 0) _errors.Add(new(site, argument, $"handle number {id} is negative"));
            else if (_handles.TryGetValue(id, out var first))
                _errors.Add(new(site, argument, $"r{id} is produced twice (first by {first.ProducedAt})"));
            else _handles[id] = new Handle(resource, site.Thread, site);
        }

        private void CheckCall(CallSite site)
        {
            var call = program[site];
            var f = index.Function(call.Function);
            if (f is null)
            {
                _errors.Add(new(site, null, $"unknown function {call.Function}"));
                MarkProduced(call, site);
                return;
            }
            if (ResourceIndex.WhyNotCallable(f) is { } why) _errors.Add(new(site, null, why));
            if (call.Result is { } result && ResourceIndex.ReturnedResource(f) is null)
                _errors.Add(new(site, null, $"{f.Name} returns {f.Returns.CType}, not a handle, so it cannot be bound to r{result}"));
            if (call.Arguments.Count != f.Parameters.Count)
            {
                _errors.Add(new(site, null, $"{f.Name} takes {f.Parameters.Count} argument(s), got {call.Arguments.Count}"));
                MarkProduced(call, site);
                return;
            }
            for (var i = 0; i < call.Arguments.Count; i++) CheckArgument(site, f, i, call.Arguments[i]);
            for (var i = 0; i < call.Arguments.Count; i++) CheckLength(site, f, call, i);
            for (var i = 0; i < call.Arguments.Count; i++) CheckMember(site, f, call, i);
            MarkProduced(call, site);
            for (var i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is HandleArgument h && index.DestroyedAt(f, i) is not null) Destroy(site, f, i, h.Handle);
            for (var i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is HandleArgument h && index.PassedTo(f, i) is { } to) Pass(site, f, call, i, h.Handle, to);
            for (var i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is HandleArgument h && f.Parameters[i].ReferenceIn is { Parameter: { } k } && _handles.TryGetValue(h.Handle, out var item)
                    && item.Produced && item.Death is null && call.Arguments[k] is HandleArgument container && _ties.Cycle(h.Handle, container.Handle) is { } cycle)
                    _errors.Add(new(site, i, cycle));
            for (var i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is HandleArgument h && f.Parameters[i].DropsOwned is not null && site.Thread is { } thread)
                    // Setup's dependents: other threads hold them from the start. (One another thread ties to a shared
                    // handle while this one drops what it holds is a race on that handle, which programs may have.)
                    foreach (var d in _ties.Dependents(h.Handle).Where(d => _handles.TryGetValue(d, out var dh) && dh.Owner is null && UsedByAnotherThread(d, thread)))
                        _errors.Add(new(site, i, $"{f.Name} in thread {thread} drops what r{h.Handle} holds while another thread uses r{d}, which r{h.Handle} owns"));
            foreach (var (id, reason) in _ties.Apply(f, call))
                if (_handles.TryGetValue(id, out var dead) && dead.Death is null) dead.Death = reason;
        }

        /// <summary>A handle the call takes out of another must be one borrowed from it: cJSON unlinks the item through its
        /// neighbours in the holder's list, which a handle from elsewhere does not have.</summary>
        private void CheckMember(CallSite site, ApiFunction f, Call call, int i)
        {
            if (f.Parameters[i].MemberOf is not { Parameter: { } k } || call.Arguments[i] is not HandleArgument item) return;
            if (!_handles.TryGetValue(item.Handle, out var h) || !h.Produced || h.Death is not null) return; // reported as a use
            if (call.Arguments[k] is not HandleArgument holder || !_ties.Holds(holder.Handle, item.Handle))
                _errors.Add(new(site, i, $"r{item.Handle} is not borrowed from {Describe(call.Arguments[k])}, so {f.Name} cannot take it out of it " +
                                         $"({f.Parameters[i].Name} must be one {f.Parameters[k].Name} holds)"));
        }

        private static string Describe(Argument a) => a is HandleArgument h ? $"r{h.Handle}" : "null";

        /// <summary>Passing a handle gives it away, as destroying it does: only an owned, live handle, never into
        /// itself nor into a handle it owns, and by a thread only if no other thread uses it.</summary>
        private void Pass(CallSite site, ApiFunction f, Call call, int i, int id, HandleOwner to)
        {
            if (!_handles.TryGetValue(id, out var h) || !h.Produced || h.Death is not null) return; // reported as a use
            if (_ties.Of(id) is { } tie)
                _errors.Add(new(site, i, $"{HandleTies.Describe(id, tie)}, so {f.Name} cannot take it over"));
            else if (to.Parameter is { } k && k < call.Arguments.Count && call.Arguments[k] is HandleArgument container
                     && _ties.Cycle(id, container.Handle) is { } cycle)
                _errors.Add(new(site, i, cycle));
            else if (site.Thread is { } thread && h.Owner is null && UsedByAnotherThread(id, thread))
                _errors.Add(new(site, i, $"shared handle r{id} is passed on by {f.Name} in thread {thread} while another thread uses it; " +
                                         "only a thread's own handles are passed on"));
        }

        private void MarkProduced(Call call, CallSite site)
        {
            if (call.Result is { } r && _handles.TryGetValue(r, out var h) && h.ProducedAt == site) h.Produced = true;
            foreach (var o in call.Arguments.OfType<HandleOutArgument>())
                if (_handles.TryGetValue(o.Handle, out var oh) && oh.ProducedAt == site) oh.Produced = true;
        }

        private void Destroy(CallSite site, ApiFunction f, int i, int id)
        {
            if (!_handles.TryGetValue(id, out var h) || !h.Produced || h.Death is not null) return; // reported as a use
            if (_ties.Of(id) is { } tie)
                _errors.Add(new(site, i, $"{HandleTies.Describe(id, tie)}, so {f.Name} must not destroy it: its owner does"));
            else if (site.Thread is { } thread && h.Owner is null && UsedByAnotherThread(id, thread))
                _errors.Add(new(site, i, $"shared handle r{id} is destroyed by {f.Name} in thread {site.Thread} while another thread uses it; " +
                                         "shared handles are destroyed after the threads join"));
            else h.Death = $"{f.Name} destroyed it";
        }

        private bool UsedByAnotherThread(int id, int thread) =>
            program.Threads.Where((_, t) => t != thread)
                .Any(other => other.Calls.Any(c => c.Arguments.OfType<HandleArgument>().Any(h => h.Handle == id)));

        private void CheckArgument(CallSite site, ApiFunction f, int i, Argument argument)
        {
            var p = f.Parameters[i];
            void Error(string message) => _errors.Add(new(site, i, message));
            string Describe() => $"argument {i + 1} ({p.Name}) of {f.Name}";

            if (index.ProducedAt(f, i) is { } produced)
            {
                if (argument is not (HandleOutArgument or NullArgument))
                    Error($"{Describe()} produces a {produced}: pass out rN, got {KindOf(argument)}");
                return;
            }
            var accepted = Accepted(p);
            if (accepted.Count == 0) return; // a struct by value: the call itself is reported as not callable
            if (!accepted.Contains(argument.GetType()))
            {
                Error($"{Describe()}, {RoleName(p)}, takes {string.Join(" or ", accepted.Select(KindName))}; got {KindOf(argument)}");
                return;
            }
            switch (argument)
            {
                case HandleArgument h: CheckHandleUse(site, f, i, h.Handle, p); break;
                case IntegerArgument n when !FitsAbi(n.Value, p.Abi):
                    Error($"{Describe()} is a {p.CType}; {n.Value} does not fit it"); break;
                case EnumArgument e: CheckEnum(e, p, Error, Describe); break;
                case OutputBufferArgument { Size: < 0 } b: Error($"buf[{b.Size}] has a negative size"); break;
                case OutputBufferArgument { Size: > MaxBufferSize } b:
                    Error($"buf[{b.Size}] is larger than the {MaxBufferSize} bytes a buffer may have"); break;
            }
        }

        private void CheckHandleUse(CallSite site, ApiFunction f, int i, int id, ApiParameter p)
        {
            void Error(string message) => _errors.Add(new(site, i, message));
            if (!_handles.TryGetValue(id, out var h))
            {
                Error($"r{id} is used but never produced");
                return;
            }
            if (h.Owner is { } owner && owner != site.Thread)
            {
                Error($"r{id} is produced by thread {owner} and is not visible in {(site.Thread is { } t ? $"thread {t}" : "setup")}");
                return;
            }
            if (!h.Produced)
            {
                Error($"r{id} used before it is produced");
                return;
            }
            if (h.Death is { } death)
            {
                Error($"r{id} used after {death}");
                return;
            }
            if (p.Resource is { } wanted && h.Resource is { } actual && wanted != actual)
                Error($"r{id} is a {actual}, but argument {i + 1} ({p.Name}) of {f.Name} takes a {wanted}");
        }

        private void CheckEnum(EnumArgument e, ApiParameter p, Action<string> error, Func<string> describe)
        {
            var apiEnum = Model.Enums.FirstOrDefault(x => x.Name == p.Enum);
            if (apiEnum is null)
            {
                error($"{describe()} has no known enum type, so pass an integer");
                return;
            }
            if (e.Members.Count == 0) error($"{describe()}: an enum argument names at least one member");
            else if (e.Members.Count > 1 && !apiEnum.Flags)
                error($"{apiEnum.Name} is not a flags enum: pass one member, not {string.Join("|", e.Members)}");
            foreach (var m in e.Members)
                if (apiEnum.Members.All(x => x.Name != m)) error($"{m} is not a member of {apiEnum.Name}");
        }

        private void CheckLength(CallSite site, ApiFunction f, Call call, int i)
        {
            if (ResourceIndex.BufferOfLength(f, i) is not { } b || call.Arguments[i] is not IntegerArgument length) return;
            var what = call.Arguments[b] switch
            {
                OutputBufferArgument o => $"buf[{o.Size}]",
                InputBytesArgument x => $"the {x.Bytes.Count} input bytes",
                StringArgument => "the string",
                NullArgument => "null",
                _ => "",
            };
            var capacity = BufferCapacity.Length(f.Parameters[b], call.Arguments[b]) ?? long.MaxValue;
            var unit = f.Parameters[b].ElementSize is > 1 and var size ? $" elements of {size} bytes" : "";
            if (length.Value < 0 || length.Value > capacity)
                _errors.Add(new(site, i, $"length {length.Value.ToString(CultureInfo.InvariantCulture)} does not fit {what} passed as {f.Parameters[b].Name} (0 to {capacity}{unit})"));
        }
    }

    /// <summary>The argument kinds each parameter role accepts. Pointer-like roles also accept null, so a person
    /// can write a program that exercises a library's null checks; generation passes null only to strings.</summary>
    internal static IReadOnlyList<Type> Accepted(ApiParameter p) => p.Role switch
    {
        ParameterRole.HandleIn => [typeof(HandleArgument), typeof(NullArgument)],
        ParameterRole.HandleOut => [typeof(HandleOutArgument), typeof(NullArgument)],
        ParameterRole.BufferIn => [typeof(InputBytesArgument), typeof(NullArgument)],
        ParameterRole.BufferOut => [typeof(OutputBufferArgument), typeof(NullArgument)],
        ParameterRole.Length => [typeof(IntegerArgument)],
        ParameterRole.StringIn => [typeof(StringArgument), typeof(NullArgument)],
        ParameterRole.StringOut => [typeof(OutputBufferArgument), typeof(StringArgument), typeof(NullArgument)],
        ParameterRole.Enum or ParameterRole.Flags => [typeof(EnumArgument), typeof(IntegerArgument)],
        ParameterRole.Scalar when p.Abi is AbiKind.F32 or AbiKind.F64 => [typeof(FloatArgument)],
        ParameterRole.Scalar => [typeof(IntegerArgument)],
        ParameterRole.Callback or ParameterRole.UserData => [typeof(NullArgument)],
        ParameterRole.Pointer => [typeof(OutputBufferArgument), typeof(InputBytesArgument), typeof(NullArgument)],
        _ => [],
    };

    /// <summary>Whether an integer fits a parameter's width, read as signed or unsigned (-1 and 0xFFFFFFFF both fit
    /// a 32-bit parameter).</summary>
    internal static bool FitsAbi(long value, AbiKind abi) => abi switch
    {
        AbiKind.I8 or AbiKind.U8 => value is >= sbyte.MinValue and <= byte.MaxValue,
        AbiKind.I16 or AbiKind.U16 => value is >= short.MinValue and <= ushort.MaxValue,
        AbiKind.I32 or AbiKind.U32 => value is >= int.MinValue and <= uint.MaxValue,
        _ => true,
    };

    private static string RoleName(ApiParameter p) => p.Role switch
    {
        ParameterRole.HandleIn => $"a handle ({p.Resource ?? "any resource"})",
        ParameterRole.HandleOut => "a handle out-parameter",
        ParameterRole.BufferIn => "an input buffer",
        ParameterRole.BufferOut => "an output buffer",
        ParameterRole.Length => "a length",
        ParameterRole.StringIn => "a string",
        ParameterRole.StringOut => "a writable string",
        ParameterRole.Enum => $"an enum ({p.Enum})",
        ParameterRole.Flags => $"a flags enum ({p.Enum})",
        ParameterRole.Scalar => $"a {p.CType}",
        ParameterRole.Callback => "a callback",
        ParameterRole.UserData => "callback user data",
        _ => "a pointer",
    };

    private static string KindName(Type kind) => kind.Name switch
    {
        nameof(IntegerArgument) => "an integer",
        nameof(FloatArgument) => "a float",
        nameof(StringArgument) => "a string",
        nameof(NullArgument) => "null",
        nameof(HandleArgument) => "a handle rN",
        nameof(HandleOutArgument) => "out rN",
        nameof(EnumArgument) => "an enum member",
        nameof(OutputBufferArgument) => "buf[N]",
        nameof(InputBytesArgument) => "bytes x\"..\"",
        _ => kind.Name,
    };

    private static string KindOf(Argument a) => a switch
    {
        HandleArgument h => $"r{h.Handle}",
        HandleOutArgument o => $"out r{o.Handle}",
        OutputBufferArgument b => $"buf[{b.Size}]",
        _ => KindName(a.GetType()),
    };
}
