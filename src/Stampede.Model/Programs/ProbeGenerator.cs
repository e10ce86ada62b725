using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// Programs of one thread that call one function many times with generated arguments, each call preceded by the
/// producer calls its handles need: what learning a function's preconditions runs (docs/preconditions.md). The
/// arguments come from <see cref="ArgumentValues"/>, so a model that carries learned preconditions gives probes inside
/// them, and the next probes look for what is left.
/// </summary>
public static class ProbeGenerator
{
    /// <summary>Up to <paramref name="calls"/> calls of <paramref name="function"/>, with their producers; null when no
    /// valid call could be made (a handle no producer makes).</summary>
    public static ConcurrentProgram? Probe(ApiModel model, string function, int calls, int seed)
    {
        var index = new ResourceIndex(model);
        if (index.Callable.FirstOrDefault(f => f.Name == function) is not { } f) return null;
        var choices = new RandomChoiceSource(seed);
        var generator = new CallGenerator(index, choices, new ArgumentValues(index, GenerationOptions.Default, choices, poolPerThread: false));
        var builder = new ProgramBuilder(index, model.Library);
        builder.Threads.Add([]);
        var made = 0;
        for (var k = 0; k < calls; k++)
            if (generator.TryAdd(builder, 0, f)) made++;
        if (made == 0) return null;
        var program = builder.Build();
        ProgramValidator.EnsureValid(program, index);
        return program;
    }
}
