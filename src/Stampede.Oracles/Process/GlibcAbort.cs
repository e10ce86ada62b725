using System.Text.RegularExpressions;

namespace Stampede.Oracles.Process;

/// <summary>
/// The one line glibc writes on stderr just before it calls abort(): its allocator's report of a corrupted heap
/// ("free(): double free detected in tcache 2", "malloc_consolidate(): invalid chunk size", "corrupted size vs.
/// prev_size") and its fortified functions' and stack protector's ("*** buffer overflow detected ***: terminated").
/// </summary>
/// <remarks>
/// The supervisor watches for it because after such an abort the runtime's crash handler often blocks: it allocates
/// to start createdump while the aborting thread still holds the allocator's lock, so the worker never dies on its own
/// and would otherwise be waited for until it counts as hung.
/// </remarks>
public static partial class GlibcAbort
{
    /// <summary>The C library's file, as crash reports and gdb name its module.</summary>
    public const string Library = "libc.so.6";

    /// <summary>Whether <paramref name="function"/> is on glibc's way from a detected error to the signal: the frames
    /// every abort shares, which say nothing of the bug.</summary>
    public static bool IsAbortPath(string function) => function is "abort" or "__GI_abort" or "raise" or "gsignal" or "__GI_raise"
        or "pthread_kill" or "__pthread_kill" or "__pthread_kill_implementation" or "__pthread_kill_internal"
        or "__libc_message" or "__libc_message_impl" or "__fortify_fail" or "__chk_fail" or "__stack_chk_fail" or "malloc_printerr"
        or "__restore_rt";

    /// <summary>The first line of <paramref name="stderr"/> that is glibc's report of a corrupted heap, or null.</summary>
    public static string? HeapMessage(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(IsHeapMessage);

    /// <summary>Whether <paramref name="line"/> is a line glibc writes only before it aborts the process.</summary>
    public static bool IsAbortMessage(string line)
    {
        line = line.Trim();
        return IsHeapMessage(line) || FortifyLine().IsMatch(line);
    }

    static bool IsHeapMessage(string line) =>
        AllocatorLine().IsMatch(line) || line.Contains("double free", StringComparison.Ordinal) || line.StartsWith("corrupted ", StringComparison.Ordinal);

    [GeneratedRegex(@"^(free|malloc|realloc|calloc|malloc_consolidate|_int_free|_int_malloc|munmap_chunk|tcache_thread_shutdown)\(\): ")]
    private static partial Regex AllocatorLine();

    [GeneratedRegex(@"^\*\*\* .+ \*\*\*: terminated$")]
    private static partial Regex FortifyLine();
}
