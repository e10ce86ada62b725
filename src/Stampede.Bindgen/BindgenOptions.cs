using Stampede.Bindgen.Config;

namespace Stampede.Bindgen;

/// <summary>
/// What to bind. <see cref="Prefixes"/> and <see cref="Functions"/> select functions (both empty: every function
/// declared in the headers); <see cref="IncludeSystemDeclarations"/> also binds functions from headers they include.
/// <see cref="ConfigPath"/> names the config in messages. <see cref="Exports"/>, when given, is the opened library:
/// functions it does not export are skipped (null: not checked, for bindings generated without the library at hand).
/// <see cref="AssemblyMetadata"/> is written into the bindings as assembly metadata (what the harness was made from).
/// </summary>
public sealed record BindgenOptions(
    IReadOnlyList<string> Headers,
    string Library,
    IReadOnlyList<string>? IncludeDirectories = null,
    IReadOnlyList<string>? Defines = null,
    IReadOnlyList<string>? Prefixes = null,
    IReadOnlyList<string>? Functions = null,
    bool IncludeSystemDeclarations = false,
    BindgenConfig? Config = null,
    string? ConfigPath = null,
    string Namespace = "Stampede.Harness",
    string? LibraryPathRelativeToHarness = null,
    LibraryExports? Exports = null,
    IReadOnlyDictionary<string, string>? AssemblyMetadata = null);
