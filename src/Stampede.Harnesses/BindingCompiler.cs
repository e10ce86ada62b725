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

    /// <summary>The generated dispatcher of a compiled bindings assembly.</summary>
    public static INativeDispatcher Dispatcher(Assembly bindings) =>
        (INativeDispatcher)bindings.GetTypes().Single(t => typeof(INativeDispatcher).IsAssignableFrom(t))
            .GetField("Instance")!.GetValue(null)!;
}
