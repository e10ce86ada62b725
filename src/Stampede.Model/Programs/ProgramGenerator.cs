using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// Makes programs for one library from its API model. A program picks a few focus functions that its threads
/// mostly call, so that they overlap; one in <see cref="GenerationOptions.GlobalReaderFocusOneIn"/> has a reader of
/// global state among them. Most programs share state: setup produces handles of the resources those
/// functions use and threads use them, with the same few strings. One in
/// <see cref="GenerationOptions.IsolatedOneIn"/> is isolated: each thread works on handles and strings of its own.
/// One in <see cref="GenerationOptions.HammerOneIn"/> of the others is a hammer: long runs of one or two functions
/// by every thread on one shared handle. Every program is validated before it is returned.
/// </summary>
public sealed class ProgramGenerator
{
    private readonly ResourceIndex _index;
    private readonly GenerationOptions _options;

    public ProgramGenerator(ApiModel model, GenerationOptions? options = null)
    {
        _index = new ResourceIndex(model);
        _options = options ?? GenerationOptions.Default;
        _options.Check();
    }

    public ApiModel Model => _index.Model;
    public GenerationOptions Options => _options;
    internal ResourceIndex Index => _index;

    public ConcurrentProgram Generate(int seed) => Generate(new RandomChoiceSource(seed));

    /// <summary>The version of <see cref="Decode"/>'s byte format: bytes saved under another decode differently.</summary>
    public const int ByteFormat = CallRecords.Version;

    /// <summary>The program <paramref name="bytes"/> decode to: a header and one call per fixed-size record
    /// (<see cref="CallRecords"/>). Total: any byte string, the empty one included, gives a valid program.</summary>
    public ConcurrentProgram Decode(ReadOnlyMemory<byte> bytes) => CallRecords.Decode(_index, _options, bytes);

    /// <summary>A program of random call records from <paramref name="seed"/>, with the bytes <see cref="Decode"/> turns
    /// into it: the seeds of a byte-level fuzzer.</summary>
    public (ConcurrentProgram Program, byte[] Bytes) GenerateEncoded(int seed)
    {
        var random = new RandomChoiceSource(seed);
        return CallRecords.Encode(_index, _options, random, random.Between(2, 12));
    }

    public ConcurrentProgram Generate(IChoiceSource choices)
    {
        var isolated = _options.IsolatedOneIn > 0 && choices.OneIn(_options.IsolatedOneIn);
        if (!isolated && _options.HammerOneIn > 0 && choices.OneIn(_options.HammerOneIn) && TryHammer(choices) is { } hammer)
            return hammer;
        var threadCount = choices.Between(_options.MinThreads, _options.MaxThreads);
        var calls = new CallGenerator(_index, choices, new ArgumentValues(_index, _options, choices, poolPerThread: isolated))
        {
            AlwaysShared = _options.AlwaysShared && !isolated,
        };
        var builder = new ProgramBuilder(_index, Model.Library);
        // The functions threads' calls are chosen from: all callable ones but those set aside.
        var choosable = _options.SetAside.Count == 0 ? calls.Callable : calls.Callable.Where(f => !_options.SetAside.Contains(f.Name)).ToList();
        if (choosable.Count == 0) choosable = calls.Callable;
        var focus = PickFocus(choosable, choices);
        if (!isolated) ProduceSharedHandles(builder, calls, focus, choices);
        for (var t = 0; t < threadCount; t++)
        {
            builder.Threads.Add([]);
            var count = choices.Between(_options.MinCallsPerThread, _options.MaxCallsPerThread);
            for (var k = 0; k < count && calls.Callable.Count > 0; k++)
                calls.TryAdd(builder, t, PickFunction(choosable, focus, choices));
        }
        return Validated(builder.Build());
    }

    /// <summary>
    /// A hammer program: setup makes one handle of a resource that threads may share, and 2 to 4 threads each call
    /// one or two of its consumers on it many times (a store's put beside its get; retain and release of one
    /// object). Null when the library has no shareable resource that setup can produce.
    /// </summary>
    private ConcurrentProgram? TryHammer(IChoiceSource choices)
    {
        var calls = new CallGenerator(_index, choices, new ArgumentValues(_index, _options, choices, poolPerThread: false))
        {
            AlwaysShared = true,
        };
        bool Takes(ApiFunction f, string resource) =>
            f.Parameters.Any(p => p.Role == ParameterRole.HandleIn && p.Resource == resource);
        var targets = calls.Callable
            .SelectMany(f => f.Parameters.Select(p => p.Resource).OfType<string>().Where(r => Takes(f, r) && !_index.IsThreadConfined(r)))
            .Distinct()
            .Select(r => (Resource: r,
                // Destructors need a handle of the thread's own: they join only as the partner of a retain (below).
                Consumers: calls.Callable.Where(f => Takes(f, r) && !_index.IsDestructor(f)).ToList(),
                // Setup makes the shared handle from scratch (kv_open, obj_new), not from another handle.
                Producers: calls.Callable.Where(f => _index.Produced(f).Contains(r) && calls.MaySetupCall(f) &&
                                                     !f.Parameters.Any(p => p.Role == ParameterRole.HandleIn)).ToList()))
            .Where(x => x.Consumers.Count > 0 && x.Producers.Count > 0)
            .ToList();
        if (targets.Count == 0) return null;
        var (resource, consumers, producers) = choices.Pick(targets);
        var builder = new ProgramBuilder(_index, Model.Library);
        if (calls.Add(builder, null, choices.Pick(producers)) is not { } made || calls.HandleMade(made, resource) is not { } shared) return null;
        var focus = new List<ApiFunction> { choices.Pick(consumers) };
        if (!choices.OneIn(3) && choices.Pick(consumers) is var second && !focus.Contains(second)) focus.Add(second);
        var threadCount = choices.Between(_options.MinThreads, Math.Max(_options.MinThreads, Math.Min(4, _options.MaxThreads)));
        // A retain (takes the shared handle, returns another reference to it) is hammered with its release; and one
        // time in two, each thread is handed a reference of its own that it releases last, so that the threads
        // release the last references of the object at once.
        // (A call that returns a handle borrowed from the shared one, like a tree's item, makes no reference to release.)
        var retain = focus.FirstOrDefault(f => _index.Produced(f).Contains(resource) && ResourceIndex.BorrowedFrom(f) is null);
        var release = calls.Callable.FirstOrDefault(f => _index.IsDestructor(f) && f.Parameters.Count == 1 && Takes(f, resource));
        if (retain is not null && release is not null) focus.Add(release);
        var handed = new int?[threadCount];
        if (retain is not null && release is not null && !choices.OneIn(2))
        {
            handed[0] = shared;
            for (var t = 1; t < threadCount; t++)
                handed[t] = calls.Add(builder, null, retain) is { } reference ? calls.HandleMade(reference, resource) : null;
            for (var t = 0; t < threadCount; t++)
                if (handed[t] is { } id) builder.HandOver(id, t);
        }
        for (var t = 0; t < threadCount; t++)
        {
            builder.Threads.Add([]);
            var count = choices.Between(Math.Max(1, _options.HammerCallsPerThread / 4), _options.HammerCallsPerThread);
            for (var k = 0; k < count; k++) calls.TryAdd(builder, t, choices.Pick(focus));
            if (handed[t] is { } own && builder.Live(resource, t).Any(h => h.Id == own))
                builder.Add(t, new Call(release!.Name, [new HandleArgument(own)]));
        }
        return Validated(builder.Build());
    }

    private ConcurrentProgram Validated(ConcurrentProgram program)
    {
        ProgramValidator.EnsureValid(program, _index);
        return program;
    }

    /// <summary>A function for the next call: one of the focus functions three times in four, else any.</summary>
    internal static ApiFunction PickFunction(IReadOnlyList<ApiFunction> choosable, IReadOnlyList<ApiFunction> focus, IChoiceSource choices) =>
        focus.Count > 0 && !choices.OneIn(4) ? choices.Pick(focus) : choices.Pick(choosable);

    internal List<ApiFunction> PickFocus(IReadOnlyList<ApiFunction> choosable, IChoiceSource choices)
    {
        var focus = new List<ApiFunction>();
        // Only a library that has readers of global state draws for them, so other libraries' programs stay as they were.
        var readers = choosable.Where(IsGlobalReader).ToList();
        if (readers.Count > 0 && _options.GlobalReaderFocusOneIn > 0 && choices.OneIn(_options.GlobalReaderFocusOneIn))
            focus.Add(choices.Pick(readers));
        for (var k = focus.Count; k < _options.FocusFunctions && choosable.Count > 0; k++)
        {
            var f = choices.Pick(choosable);
            if (!focus.Contains(f)) focus.Add(f);
        }
        return focus;
    }

    /// <summary>A function that takes nothing and returns a value other than a new handle: what it returns can only come
    /// from state the library keeps (an error slot, a static buffer, a counter). Nondeterministic ones (a clock) are left
    /// out: no oracle compares what they return.</summary>
    public static bool IsGlobalReader(ApiFunction f) =>
        f.Parameters.Count == 0 && f.Nondeterministic is null && f.Returns.Role is not (ReturnRole.Void or ReturnRole.HandleProducer);

    /// <summary>Setup: shared handles for every resource the focus functions take, when setup may produce it, and
    /// sometimes a first focus call on them (a store already holding a key).</summary>
    private void ProduceSharedHandles(ProgramBuilder builder, CallGenerator calls, List<ApiFunction> focus, IChoiceSource choices)
    {
        var resources = focus.SelectMany(f => f.Parameters)
            .Where(p => p is { Role: ParameterRole.HandleIn, Resource: { } r } && !_index.IsThreadConfined(r))
            .Select(p => p.Resource!).Distinct().ToList();
        foreach (var resource in resources)
        {
            var producer = calls.Callable.Where(f => _index.Produced(f).Contains(resource) && calls.MaySetupCall(f)).ToList();
            if (producer.Count == 0) continue;
            var count = choices.Between(1, _options.MaxSharedHandlesPerResource);
            for (var k = 0; k < count; k++) calls.TryAdd(builder, null, choices.Pick(producer));
        }
        if (choices.OneIn(3) && focus.Count > 0) calls.TryAdd(builder, null, choices.Pick(focus));
    }
}
