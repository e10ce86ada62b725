using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>What every generated, decoded or mutated program must satisfy, asserted with the program's text in
/// the failure message.</summary>
public static class ProgramChecks
{
    public static void AssertSound(ConcurrentProgram program, ApiModel model, GenerationOptions? options = null)
    {
        var text = ProgramText.Print(program);
        Assert.That(ProgramValidator.Validate(program, model), Is.Empty, text);
        Assert.That(ProgramText.Parse(text, model), Is.EqualTo(program), text);
        Assert.That(ProgramText.Print(ProgramText.Parse(text)), Is.EqualTo(text));
        Assert.That(SharedResources(program, model).Where(r => model.Resource(r)?.Sharing == ResourceSharing.ThreadConfined), Is.Empty,
            "a thread-confined resource is shared\n" + text);
        if (options is not null)
            Assert.That(program.Threads, Has.Count.InRange(options.MinThreads, options.MaxThreads), text);
    }

    /// <summary>Resources of the handles setup produces.</summary>
    public static IEnumerable<string> SharedResources(ConcurrentProgram program, ApiModel model)
    {
        foreach (var call in program.Setup)
        {
            var f = model.Function(call.Function)!;
            if (call.Result is not null && f.Returns.Resource is { } r) yield return r;
            for (var i = 0; i < call.Arguments.Count; i++)
                if (call.Arguments[i] is HandleOutArgument)
                    yield return f.Parameters[i].Resource ?? model.Resources.First(x => x.Producers.Any(p => p.Function == f.Name && p.Parameter == i)).Name;
        }
    }

    /// <summary>Whether some thread uses a handle that setup produced.</summary>
    public static bool ThreadsShareAHandle(ConcurrentProgram program)
    {
        var shared = program.Setup.SelectMany(c => c.Arguments.OfType<HandleOutArgument>().Select(o => o.Handle).Append(c.Result ?? -1)).ToHashSet();
        return program.Threads.Any(t => t.Calls.Any(c => c.Arguments.OfType<HandleArgument>().Any(h => shared.Contains(h.Handle))));
    }
}
