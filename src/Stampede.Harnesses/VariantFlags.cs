namespace Stampede.Harnesses;

/// <summary>
/// The compiler and linker flags of one <see cref="BuildVariant"/>, declared here once: <c>stampede cflags</c> prints
/// them for users who build their own library that way, and a test holds them equal to what CMakeLists.txt gives the
/// sample libraries (warnings, <c>-fPIC</c> and the C standard aside), so the two cannot drift apart.
/// </summary>
/// <param name="Compile">Flags of every compilation.</param>
/// <param name="Link">Flags of the link of the shared library.</param>
public sealed record VariantFlags(IReadOnlyList<string> Compile, IReadOnlyList<string> Link)
{
    /// <summary>The calls a schedule build routes to the scheduling runtime's <c>__wrap_</c> functions
    /// (native/schedrt/README.md): the pthread lock and condition calls, so that a thread that would block gives the
    /// token away instead; the allocation calls, so that the runtime's heap guard reports a late access or a write past a
    /// block's end by the access itself, the same in every replay (native/schedrt/heapguard.h).</summary>
    public static IReadOnlyList<string> WrappedCalls { get; } =
    [
        "pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_trylock",
        "pthread_rwlock_rdlock", "pthread_rwlock_wrlock", "pthread_rwlock_unlock", "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
        "pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_signal", "pthread_cond_broadcast",
        "malloc", "calloc", "realloc", "free",
    ];

    // No sibling-call optimization under the sanitizers: a function ending in free() would vanish from their stacks.
    static readonly string[] SanitizerFrames = ["-fno-omit-frame-pointer", "-fno-optimize-sibling-calls"];

    public static VariantFlags Of(BuildVariant variant) => variant switch
    {
        BuildVariant.Plain => new(["-g", "-O2"], []),
        // The TSan runtime is not linked into the library: the host preloads clang-19's.
        BuildVariant.Thread => new(["-g", "-O1", "-fsanitize=thread", .. SanitizerFrames], ["-fsanitize=thread"]),
        BuildVariant.Address => new(["-g", "-O1", "-fsanitize=address,undefined", .. SanitizerFrames, "-fno-sanitize-recover=undefined"],
            ["-fsanitize=address,undefined", "-shared-libasan"]),
        // The library also needs native/covrt/covrt.c compiled in (uninstrumented), which exports the counters.
        BuildVariant.Coverage => new(["-g", "-O1", "-fsanitize-coverage=inline-8bit-counters,pc-table"], []),
        // trace-loads,trace-stores instrument nothing without an edge-coverage kind (clang-19): inline-bool-flag is
        // the cheapest. The hooks and the __wrap_ functions stay undefined: the host loads the runtime first.
        BuildVariant.Schedule => new(["-g", "-O1", "-fsanitize-coverage=inline-bool-flag,trace-loads,trace-stores"],
            ["-Wl," + string.Join(',', WrappedCalls.Select(call => "--wrap=" + call))]),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    /// <summary>One line for a compiler driver that compiles and links at once: the compile flags, then the link flags
    /// not among them.</summary>
    public string Line => string.Join(' ', Compile.Concat(Link.Where(flag => !Compile.Contains(flag))));
}
