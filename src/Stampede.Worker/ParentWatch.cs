using System.Runtime.InteropServices;

namespace Stampede.Worker;

/// <summary>
/// Ends a worker whose supervisor is gone. A supervisor killed with kill -9 closes the worker's input, which ends an
/// idle worker; but a worker whose threads hang (or that waits to be examined after a hang) never reads again and
/// would live on as an orphan holding CPU and memory. So the worker checks, twice a second, whether its parent is
/// still the process that started it.
/// </summary>
public static partial class ParentWatch
{
    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    const int SigKill = 9;

    /// <summary>Starts watching; the returned timer must be kept alive as long as the worker runs.</summary>
    public static Timer Start()
    {
        int parent = GetParentProcessId();
        return new Timer(_ =>
        {
            // SIGKILL, not an orderly exit: hung threads or a corrupted heap could block an exit forever.
            if (GetParentProcessId() != parent) Kill(Environment.ProcessId, SigKill);
        }, null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }
}
