namespace Stampede.Oracles.Process;

/// <summary>Names a hang by where its threads were stuck.</summary>
public static class HangSignatures
{
    /// <summary>glibc's allocator: a thread stuck here after a race usually means a corrupted heap.</summary>
    public static bool IsAllocator(string function) =>
        function is "malloc" or "free" or "calloc" or "realloc" or "__libc_malloc" or "__libc_free" or "__libc_calloc"
        || function.StartsWith("_int_", StringComparison.Ordinal) || function.StartsWith("malloc_", StringComparison.Ordinal)
        || function.StartsWith("tcache_", StringComparison.Ordinal);

    /// <summary>For a hang outside the program's threads: the innermost API function in the other stacks, else
    /// "allocator" when one is in malloc/free, else null.</summary>
    public static string? Place(IReadOnlyList<NamedStack> others, IReadOnlyList<string> apiFunctions)
    {
        foreach (var stack in others)
            if (stack.Frames.FirstOrDefault(f => f.Function is { } fn && apiFunctions.Contains(fn)) is { } frame)
                return frame.Function;
        return others.Any(s => s.Frames.Any(f => f.Function is { } fn && IsAllocator(fn))) ? "allocator" : null;
    }
}
