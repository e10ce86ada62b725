using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// The calls that destroy what a program leaves alive, for the executor to run after the threads join: first each
/// thread's remaining handles, then the shared ones (less those handed to a thread that destroyed them), each group
/// newest first (a handle made from another goes before it). Only handles the caller owns are destroyed: one borrowed
/// from another handle, or passed to one, goes with its owner (<see cref="HandleTies"/>), and one whose owner died is
/// gone already. A handle whose resource has no one-parameter destructor is left alive.
/// </summary>
public static class ProgramTeardown
{
    public static IReadOnlyList<Call> Calls(ConcurrentProgram program, ApiModel model)
    {
        var index = new ResourceIndex(model);
        var ties = new HandleTies(index);
        var made = new List<(int Id, string Resource, int? Thread)>();
        var gone = new HashSet<int>();
        // Setup, then each thread: a thread only destroys, passes or drops a shared handle no other thread uses.
        foreach (var (site, call) in program.AllCalls())
        {
            if (index.Function(call.Function) is not { } f) continue;
            if (call.Result is { } r && ResourceIndex.ReturnedResource(f) is { } returned) made.Add((r, returned, site.Thread));
            for (var i = 0; i < call.Arguments.Count && i < f.Parameters.Count; i++)
            {
                if (call.Arguments[i] is HandleOutArgument o && index.ProducedAt(f, i) is { } produced) made.Add((o.Handle, produced, site.Thread));
                if (call.Arguments[i] is HandleArgument h && index.DestroyedAt(f, i) is not null) gone.Add(h.Handle);
            }
            foreach (var (id, _) in ties.Apply(f, call)) gone.Add(id);
        }
        var teardown = new List<Call>();
        var alive = made.Where(h => !gone.Contains(h.Id) && ties.IsOwned(h.Id)).ToList();
        for (var t = 0; t < program.Threads.Count; t++)
            AddDestructors(index, alive.Where(h => h.Thread == t).ToList(), teardown);
        AddDestructors(index, alive.Where(h => h.Thread is null).ToList(), teardown);
        return teardown;
    }

    private static void AddDestructors(ResourceIndex index, List<(int Id, string Resource, int? Thread)> alive, List<Call> teardown)
    {
        for (var k = alive.Count - 1; k >= 0; k--)
        {
            var (id, resource, _) = alive[k];
            var destructor = index.Model.Resources.FirstOrDefault(r => r.Name == resource)?.Destructors
                .Select(index.Function)
                .FirstOrDefault(f => f is { Parameters.Count: 1 } && ResourceIndex.WhyNotCallable(f) is null && index.DestroyedAt(f, 0) == resource);
            if (destructor is not null) teardown.Add(new Call(destructor.Name, [new HandleArgument(id)]));
        }
    }
}
