using Stampede.Bindgen.Config;

namespace Stampede.Bindgen;

/// <summary>
/// What to bind. <see cref="Prefixes"/> and <see cref="Functions"/> select functions (both empty: every function
/// declared in the headers); <see cref="IncludeSystemDeclarations"/> also binds functions from headers they include.
/// <see cref="ConfigPath"/> names the config in messages.
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
    string? LibraryPathRelativeToHarness = null);
