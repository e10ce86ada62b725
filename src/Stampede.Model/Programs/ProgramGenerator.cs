using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// Makes programs for one library from its API model. A program picks a few focus functions that its threads
/// mostly call, so that they overlap. Most programs share state: setup produces handles of the resources those
/// functions use and threads use them, with the same few strings. One in
/// <see cref="GenerationOptions.IsolatedOneIn"/> is isolated: each thread works on handles and strings of its own.
/// Every program is validated before it is returned.
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

    public ConcurrentProgram Generate(int seed) => Generate(new RandomChoiceSource(seed));

    /// <summary>The program <paramref name="bytes"/> decode to: generation with every choice read from them. Total:
    /// any byte string, the empty one included, gives a valid program.</summary>
    public ConcurrentProgram Decode(ReadOnlyMemory<byte> bytes) => Generate(new ByteChoiceSource(bytes));

    public ConcurrentProgram Generate(IChoiceSource choices)
    {
        var isolated = _options.IsolatedOneIn > 0 && choices.OneIn(_options.IsolatedOneIn);
        var threadCount = choices.Between(_options.MinThreads, _options.MaxThreads);
        var calls = new CallGenerator(_index, choices, new ArgumentValues(_index, _options, choices, poolPerThread: isolated));
        var builder = new ProgramBuilder(_index, Model.Library);
        var focus = PickFocus(calls, choices);
        if (!isolated) ProduceSharedHandles(builder, calls, focus, choices);
        for (var t = 0; t < threadCount; t++)
        {
            builder.Threads.Add([]);
            var count = choices.Between(_options.MinCallsPerThread, _options.MaxCallsPerThread);
            for (var k = 0; k < count && calls.Callable.Count > 0; k++)
                calls.TryAdd(builder, t, PickFunction(calls, focus, choices));
        }
        var program = builder.Build();
        ProgramValidator.EnsureValid(program, _index);
        return program;
    }

    /// <summary>A function for the next call: one of the focus functions three times in four, else any.</summary>
    internal static ApiFunction PickFunction(CallGenerator calls, IReadOnlyList<ApiFunction> focus, IChoiceSource choices) =>
        focus.Count > 0 && !choices.OneIn(4) ? choices.Pick(focus) : choices.Pick(calls.Callable);

    internal List<ApiFunction> PickFocus(CallGenerator calls, IChoiceSource choices)
    {
        var focus = new List<ApiFunction>();
        for (var k = 0; k < _options.FocusFunctions && calls.Callable.Count > 0; k++)
        {
            var f = choices.Pick(calls.Callable);
            if (!focus.Contains(f)) focus.Add(f);
        }
        return focus;
    }

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
