using Stampede.Bindgen.Clang;
using Stampede.Bindgen.Declarations;
using Stampede.Bindgen.Generation;
using Stampede.Bindgen.Inference;
using Stampede.Model.Api;

namespace Stampede.Bindgen;

/// <summary>Headers in, API model and C# bindings out. Input problems throw <see cref="BindgenException"/>.</summary>
public static class BindingGenerator
{
    public sealed record Output(BindingPlan Plan, string Bindings, string ApiJson);

    public static Output Generate(BindgenOptions options)
    {
        var plan = Plan(options);
        var bindings = CSharpEmitter.Emit(plan, options.Namespace, options.LibraryPathRelativeToHarness, options.AssemblyMetadata);
        return new Output(plan, bindings, ApiModelJson.Write(plan.Model));
    }

    public static BindingPlan Plan(BindgenOptions options)
    {
        if (options.Headers.Count == 0) throw new BindgenException("no header given (--header)");
        foreach (var h in options.Headers)
            if (!File.Exists(h)) throw new BindgenException($"header not found: {h}");
        // A library given by path was opened by the harness writer, which turned it into a name plus a relative path.
        if (options.LibraryPathRelativeToHarness is null && options.Exports is null) LibraryExports.Open(options.Library);
        var declarations = Parse(options);
        return ModelBuilder.Build(declarations, options);
    }

    /// <summary>Parses the headers with the options' include directories and defines.</summary>
    public static HeaderDeclarations Parse(BindgenOptions options)
    {
        var headers = options.Headers.Select(Path.GetFullPath).ToList();
        var args = (options.IncludeDirectories ?? []).Select(d => "-I" + Path.GetFullPath(d))
            .Concat((options.Defines ?? []).Select(d => "-D" + d));
        using var unit = TranslationUnit.Parse(headers, args);
        return HeaderReader.Read(unit, headers);
    }

    /// <summary>The name the DllImports use: the file name for a path, else the name as given.</summary>
    public static string ImportName(string library) => library.Contains('/') ? Path.GetFileName(library) : library;
}
