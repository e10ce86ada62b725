using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Stampede.Harnesses;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Observations;

namespace Stampede.Harnesses;

/// <summary>
/// A harness directory's C# (the generated bindings and any code a user added) compiled in memory and cached as
/// <c>obj/stampede/harness-HASH.dll</c>, so engine workers load a harness in milliseconds without a dotnet build,
/// and a harness edited by hand is recompiled on its next use.
/// </summary>
public static class HarnessAssembly
{
    /// <summary>The invariants a harness defines: its non-abstract types implementing <see cref="IHarnessInvariant"/>.</summary>
    public static IReadOnlyList<IHarnessInvariant> Invariants(Assembly harness) =>
        harness.GetTypes()
            .Where(t => typeof(IHarnessInvariant).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IHarnessInvariant)(Activator.CreateInstance(t)
                ?? throw new HarnessException($"{t.FullName}: an invariant needs a parameterless constructor")))
            .ToArray();

    /// <summary>The harness in <paramref name="directory"/>, compiling it if its sources changed.</summary>
    /// <exception cref="HarnessException">No sources, or they do not compile.</exception>
    public static Assembly Load(string directory)
    {
        var sources = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(directory, f)))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path: Path.GetRelativePath(directory, f), Text: File.ReadAllText(f)))
            .ToArray();
        if (sources.Length == 0) throw new HarnessException($"{directory}: no harness sources (create one with stampede new)");

        string cache = Path.Combine(directory, "obj", "stampede", $"harness-{Hash(sources)}.dll");
        if (!File.Exists(cache))
        {
            var image = BindingCompiler.Compile("Stampede.Harness." + Path.GetFileName(Path.GetFullPath(directory)), sources);
            Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
            string temporary = cache + $".{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, cache, overwrite: true); // atomic: concurrent workers never load half a file
        }
        return new AssemblyLoadContext(Path.GetFileName(cache), isCollectible: false).LoadFromAssemblyPath(Path.GetFullPath(cache));
    }

    static bool IsBuildOutput(string relative) =>
        relative.StartsWith("obj" + Path.DirectorySeparatorChar) || relative.StartsWith("bin" + Path.DirectorySeparatorChar);

    /// <summary>Of the sources and of the runtime they compile against, so a rebuilt Stampede recompiles harnesses.</summary>
    static string Hash((string Path, string Text)[] sources)
    {
        var text = new StringBuilder(typeof(INativeDispatcher).Assembly.ManifestModule.ModuleVersionId.ToString());
        foreach (var (path, content) in sources) text.Append('\0').Append(path).Append('\0').Append(content);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
