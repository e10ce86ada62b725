using System.CommandLine;
using Stampede.Bindgen;
using Stampede.Bindgen.Config;

namespace Stampede.Cli.Commands;

/// <summary>The options shared by the commands that read headers (new, bindgen), and their conversion to BindgenOptions.</summary>
internal sealed class HeaderInputOptions
{
    public readonly Option<string[]> Headers = new("--header", "-H") { Description = "C header to bind (repeatable)", Required = true };
    public readonly Option<string> Library = new("--lib", "-l") { Description = "native library: a name the loader finds (z, sqlite3, libc.so.6) or a path to a .so", Required = true };
    public readonly Option<string?> Config = new("--config", "-c") { Description = "config file (stampede.json format, see docs/bindgen.md)" };
    public readonly Option<string[]> Includes = new("--include", "-I") { Description = "include directory for the headers (repeatable)" };
    public readonly Option<string[]> Defines = new("--define", "-D") { Description = "preprocessor define NAME or NAME=VALUE (repeatable)" };
    public readonly Option<string[]> Prefixes = new("--prefix") { Description = "bind only functions (and constants, types) with this name prefix (repeatable)" };
    public readonly Option<string[]> Functions = new("--function") { Description = "bind this function (repeatable; may come from an included header)" };
    public readonly Option<bool> IncludeSystem = new("--include-system") { Description = "also bind functions declared in headers the given headers include" };
    public readonly Option<string?> Out = new("--out", "-o") { Description = "output directory" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Headers, Library, Config, Includes, Defines, Prefixes, Functions, IncludeSystem, Out })
            command.Options.Add(o);
    }

    /// <summary>The options, and the config's text; <paramref name="defaultConfig"/> is read when --config is not given
    /// and that file exists (new: the harness's own stampede.json, so running new again applies its edits).</summary>
    public (BindgenOptions Options, string? ConfigText) Read(ParseResult parse, string @namespace, string? defaultConfig = null)
    {
        var configPath = parse.GetValue(Config) ?? (File.Exists(defaultConfig) ? defaultConfig : null);
        var config = configPath is null ? null : ConfigLoader.Load(configPath);
        var options = new BindgenOptions(
            Headers: parse.GetValue(Headers) ?? [],
            Library: parse.GetValue(Library)!,
            IncludeDirectories: parse.GetValue(Includes),
            Defines: parse.GetValue(Defines),
            Prefixes: parse.GetValue(Prefixes),
            Functions: parse.GetValue(Functions),
            IncludeSystemDeclarations: parse.GetValue(IncludeSystem),
            Config: config,
            ConfigPath: configPath,
            Namespace: @namespace);
        return (options, configPath is null ? null : File.ReadAllText(configPath));
    }
}
