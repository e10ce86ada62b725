using Stampede.Model.Programs;

namespace Stampede.Oracles.Checking;

/// <summary>Facts about a program's structure that decide which oracles apply.</summary>
public static class ProgramShape
{
    /// <summary>True when no handle and no string argument appears in two threads: each thread works on its own
    /// things, so any dependence of one thread's results on another's calls is hidden shared state.</summary>
    public static bool SharesNothing(ConcurrentProgram program)
    {
        var owner = new Dictionary<object, int>();
        for (int t = 0; t < program.Threads.Count; t++)
            foreach (var call in program.Threads[t].Calls)
                foreach (var argument in call.Arguments)
                {
                    object? key = argument switch
                    {
                        HandleArgument h => ("handle", h.Handle),
                        StringArgument s => ("string", s.Value),
                        _ => null,
                    };
                    if (key is null) continue;
                    if (owner.TryGetValue(key, out int other) && other != t) return false;
                    owner[key] = t;
                }
        return true;
    }
}
