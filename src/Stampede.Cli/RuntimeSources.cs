using Stampede.Harnesses;

namespace Stampede.Cli;

/// <summary>
/// The C runtimes two build variants need, shipped beside the tool (under <c>native/</c>, from the repository's
/// native/covrt and native/schedrt) so that a library is built the same way from a package as from a checkout:
/// the coverage runtime is compiled into the library, uninstrumented; the scheduling runtime is built into
/// <c>libstampede_schedrt.so</c> beside it (native/schedrt/README.md).
/// </summary>
internal static class RuntimeSources
{
    static string Directory => Path.Combine(AppContext.BaseDirectory, "native");

    /// <exception cref="UsageException">The variant has no runtime, or the files are missing beside the tool.</exception>
    public static IReadOnlyList<string> Of(BuildVariant variant)
    {
        string[] files = variant switch
        {
            BuildVariant.Coverage => ["covrt/covrt.c"],
            BuildVariant.Schedule => ["schedrt/schedrt.c", "schedrt/heapguard.c"],
            _ => throw new UsageException($"the {variant.ToString().ToLowerInvariant()} variant has no runtime to compile in (only coverage and schedule have one)"),
        };
        var paths = files.Select(f => Path.Combine(Directory, f)).ToArray();
        return paths.FirstOrDefault(p => !File.Exists(p)) is { } missing
            ? throw new UsageException($"the runtime source {missing} is missing beside the stampede tool: reinstall it")
            : paths;
    }
}
