using System.Runtime.InteropServices;

namespace Stampede.Execution.Worker;

/// <summary>The kernel's id of the calling thread (what gdb shows as LWP), which managed thread ids are not.</summary>
public static partial class OsThread
{
    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int CurrentId();
}
