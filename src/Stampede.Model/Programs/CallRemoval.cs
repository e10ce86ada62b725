namespace Stampede.Model.Programs;

/// <summary>Removing a call from a program keeps it valid only if every later call that uses a handle the removed
/// call produced goes too (transitively): mutation and minimization both remove calls this way.</summary>
internal static class CallRemoval
{
    public static ConcurrentProgram WithoutCall(ConcurrentProgram program, CallSite site)
    {
        var gone = new HashSet<int>();
        var removed = new HashSet<CallSite>();
        foreach (var (s, c) in program.AllCalls())
        {
            // Setup comes before every thread; within one list, order is index order.
            bool later = s.Thread == site.Thread ? s.Index >= site.Index : site.Thread is null;
            if (!later || (s != site && !c.Arguments.OfType<HandleArgument>().Any(h => gone.Contains(h.Handle)))) continue;
            removed.Add(s);
            if (c.Result is { } r) gone.Add(r);
            foreach (var o in c.Arguments.OfType<HandleOutArgument>()) gone.Add(o.Handle);
        }
        return program with
        {
            Setup = program.Setup.Where((_, i) => !removed.Contains(new CallSite(null, i))).ToList(),
            Threads = program.Threads.Select((t, ti) =>
                new ProgramThread(t.Calls.Where((_, i) => !removed.Contains(new CallSite(ti, i))).ToList())).ToList(),
        };
    }
}
