using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// A program made fit to run its threads' calls over and over on the same shared handles (the hammer phase): a thread
/// call that destroys a handle setup made, hands it to a container, or drops what it holds, is left out (the next round
/// would use a dead handle: the hammer's own bug, not the library's), and each thread ends its round by destroying the
/// handles it made and still owns, so that rounds do not pile them up. What the threads do to each other's view of the
/// shared handles — a reference taken and given back, an entry put and read — stays, round after round.
/// </summary>
public static class HammerLoop
{
    public static ConcurrentProgram Of(ConcurrentProgram program, ApiModel model)
    {
        var index = new ResourceIndex(model);
        var shared = new HashSet<int>();
        foreach (var call in program.Setup)
        {
            if (call.Result is { } r) shared.Add(r);
            shared.UnionWith(call.Arguments.OfType<HandleOutArgument>().Select(o => o.Handle));
        }
        var threads = program.Threads.Select(thread =>
        {
            var kept = thread.Calls.Where(call => !ConsumesShared(index, call, shared)).ToList();
            // What this thread made and still owns after its calls: the teardown of a program of setup and this thread
            // alone, less what it would do to setup's handles.
            var alone = new ConcurrentProgram(program.Library, program.Setup, [new ProgramThread(kept)]);
            var cleanup = ProgramTeardown.Calls(alone, model)
                .Where(c => !c.Arguments.OfType<HandleArgument>().Any(h => shared.Contains(h.Handle)));
            return new ProgramThread(kept.Concat(cleanup).ToList());
        }).ToList();
        return program with { Threads = threads };
    }

    static bool ConsumesShared(ResourceIndex index, Call call, HashSet<int> shared)
    {
        if (index.Function(call.Function) is not { } f) return false;
        for (int i = 0; i < call.Arguments.Count && i < f.Parameters.Count; i++)
            if (call.Arguments[i] is HandleArgument h && shared.Contains(h.Handle)
                && (index.DestroyedAt(f, i) is not null || index.PassedTo(f, i) is not null || f.Parameters[i].DropsOwned is not null))
                return true;
        return false;
    }
}
