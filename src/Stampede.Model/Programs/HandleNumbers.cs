namespace Stampede.Model.Programs;

/// <summary>
/// Handle numbering. Generation numbers handles in the order the text produces them (r0, r1, ...); mutation
/// renumbers after moving calls, so that equal programs print equal text and hash the same.
/// </summary>
public static class HandleNumbers
{
    public static int Highest(ConcurrentProgram program) =>
        program.AllCalls().SelectMany(c => Produced(c.Call)).DefaultIfEmpty(-1).Max();

    // In text order: "r0 = f(out r1)" writes the result first.
    private static IEnumerable<int> Produced(Call call)
    {
        if (call.Result is { } r) yield return r;
        foreach (var o in call.Arguments.OfType<HandleOutArgument>()) yield return o.Handle;
    }

    /// <summary>Renames handles r0, r1, ... in the order the program's text produces them; every use follows its handle.</summary>
    public static ConcurrentProgram Renumber(ConcurrentProgram program)
    {
        var map = new Dictionary<int, int>();
        foreach (var (_, call) in program.AllCalls())
            foreach (var id in Produced(call))
                map.TryAdd(id, map.Count);
        int Map(int id) => map.TryGetValue(id, out var n) ? n : id;
        Call Rename(Call c) => c with
        {
            Result = c.Result is { } r ? Map(r) : null,
            Arguments = c.Arguments.Select(a => a switch
            {
                HandleArgument h => new HandleArgument(Map(h.Handle)),
                HandleOutArgument o => (Argument)new HandleOutArgument(Map(o.Handle)),
                _ => a,
            }).ToList(),
        };
        return program with
        {
            Setup = program.Setup.Select(Rename).ToList(),
            Threads = program.Threads.Select(t => new ProgramThread(t.Calls.Select(Rename).ToList())).ToList(),
        };
    }
}
