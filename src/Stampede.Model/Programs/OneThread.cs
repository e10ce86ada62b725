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
}
