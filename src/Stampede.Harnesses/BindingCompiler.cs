using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stampede.Execution.CallLayer;

namespace Stampede.Harnesses;

/// <summary>
/// Compiles generated bindings in memory with Roslyn and loads them, so a harness can be checked and run
/// without a dotnet build. Compile errors become a <see cref="HarnessException"/> quoting the first of them.
/// </summary>
public static class BindingCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform.Append(typeof(INativeDispatcher).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    /// <summary>Compiles the generated bindings, with any extra sources that use them, into a loaded assembly.</summary>
    public static Assembly CompileAndLoad(string assemblyName, string bindings, params string[] extraSources)
    {
        var sources = extraSources.Select((s, i) => ($"Extra{i}.cs", s)).Prepend(("Bindings.g.cs", bindings));
        return new AssemblyLoadContext(assemblyName, isCollectible: false).LoadFromStream(new MemoryStream(Compile(assemblyName, sources)));
    }

    // The usings a harness project gets from ImplicitUsings, so code compiles the same in memory as with dotnet build.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>Compiles C# sources (path for messages, text) into an assembly image.</summary>
    public static byte[] Compile(string assemblyName, IEnumerable<(string Path, string Text)> sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, path: s.Path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs"));
        var compilation = CSharpCompilation.Create(assemblyName, trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!result.Success)
            throw new HarnessException($"generated bindings do not compile ({errors.Count} error(s)): {string.Join(" | ", errors.Take(5))}");
        return image.ToArray();
    }

    /// <summary>Compiles bindings just generated, to refuse them before they are written: a harness whose bindings do
    /// not compile would only fail when a command opens it.</summary>
    /// <exception cref="HarnessException">They do not compile; the message quotes the first errors.</exception>
    public static void Check(string bindings) => Compile("Stampede.Harness.Check", [("Bindings.g.cs", bindings)]);

    /// <summary>The dispatcher of a compiled bindings assembly: the safe layer's when the harness holds one
    /// (<see cref="SafeLayer.SafeLayerEmitter.FileName"/>: its calls take the contracts' locks), else the generated one.</summary>
    /// <exception cref="HarnessException">The harness's sources define no dispatcher, or several besides the safe layer's.</exception>
    public static INativeDispatcher Dispatcher(Assembly bindings)
    {
        var dispatchers = bindings.GetTypes().Where(t => typeof(INativeDispatcher).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
        var chosen = dispatchers.Count == 1 ? dispatchers[0]
            : dispatchers.SingleOrDefault(t => t.Name == SafeLayer.SafeLayerEmitter.DispatcherName)
              ?? throw new HarnessException($"the harness defines {dispatchers.Count} dispatchers ({string.Join(", ", dispatchers.Select(t => t.Name))}): keep the generated one");
        return (INativeDispatcher)chosen.GetField("Instance")!.GetValue(null)!;
    }
}
