using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// The calls that destroy what a program leaves alive, for the executor to run after the threads join: first each
/// thread's remaining handles, then the shared ones (less those handed to a thread that destroyed them), each group newest first (a handle made from another goes
/// before it). A handle whose resource has no one-parameter destructor is left alive.
/// </summary>
public static class ProgramTeardown
{
    public static IReadOnlyList<Call> Calls(ConcurrentProgram program, ApiModel model)
    {
        var index = new ResourceIndex(model);
        var teardown = new List<Call>();
        foreach (var thread in program.Threads)
            AddDestructors(index, Survivors(index, thread.Calls), teardown);
        // Setup's handles that a thread was handed and destroyed are gone already.
        var destroyedByThreads = program.Threads.SelectMany(t => t.Calls).SelectMany(c => Destroyed(index, c)).ToHashSet();
        AddDestructors(index, Survivors(index, program.Setup).Where(h => !destroyedByThreads.Contains(h.Id)).ToList(), teardown);
        return teardown;
    }

    /// <summary>Handles <paramref name="calls"/> produce and do not destroy, in production order.</summary>
    private static List<(int Id, string Resource)> Survivors(ResourceIndex index, IEnumerable<Call> calls)
    {
        var alive = new List<(int Id, string Resource)>();
        foreach (var call in calls)
        {
            if (index.Function(call.Function) is not { } f) continue;
            if (call.Result is { } r && ResourceIndex.ReturnedResource(f) is { } returned) alive.Add((r, returned));
            for (var i = 0; i < call.Arguments.Count && i < f.Parameters.Count; i++)
                if (call.Arguments[i] is HandleOutArgument o && index.ProducedAt(f, i) is { } produced) alive.Add((o.Handle, produced));
            foreach (var id in Destroyed(index, call)) alive.RemoveAll(a => a.Id == id);
        }
        return alive;
    }

    private static IEnumerable<int> Destroyed(ResourceIndex index, Call call)
    {
        if (index.Function(call.Function) is not { } f) yield break;
        for (var i = 0; i < call.Arguments.Count && i < f.Parameters.Count; i++)
            if (call.Arguments[i] is HandleArgument h && index.DestroyedAt(f, i) is not null) yield return h.Handle;
    }

    private static void AddDestructors(ResourceIndex index, List<(int Id, string Resource)> alive, List<Call> teardown)
    {
        for (var k = alive.Count - 1; k >= 0; k--)
        {
            var (id, resource) = alive[k];
            var destructor = index.Model.Resources.FirstOrDefault(r => r.Name == resource)?.Destructors
                .Select(index.Function)
                .FirstOrDefault(f => f is { Parameters.Count: 1 } && ResourceIndex.WhyNotCallable(f) is null && index.DestroyedAt(f, 0) == resource);
            if (destructor is not null) teardown.Add(new Call(destructor.Name, [new HandleArgument(id)]));
        }
    }
}
