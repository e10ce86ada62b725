namespace Stampede.Model.Programs;

/// <summary>
/// A program's calls as one caller would make them: setup unchanged, then thread 0's calls, thread 1's, ... on a
/// single thread. Triage runs it to tell an ordinary bug (one caller hits it) from a thread-safety bug. Still valid:
/// handles are numbered program-wide, each thread's handles come after setup's, and no thread used another's.
/// </summary>
public static class OneThread
{
    public static ConcurrentProgram Of(ConcurrentProgram program) =>
        program with { Threads = [new ProgramThread(program.Threads.SelectMany(t => t.Calls).ToList())] };

    /// <summary>The given calls (thread, position in it) in the given order, as one caller: the order a failing run
    /// made them in. Each thread's calls must come in program order, so a handle is made before it is used.</summary>
    public static ConcurrentProgram InOrder(ConcurrentProgram program, IEnumerable<(int Thread, int Position)> order) =>
        program with { Threads = [new ProgramThread(order.Select(c => program.Threads[c.Thread].Calls[c.Position]).ToList())] };
}
