using System.CommandLine;
using Stampede.Bindgen.Harness;
using Stampede.Harnesses;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede bindgen</c>: writes Bindings.g.cs and api.json into --out.</summary>
internal static class BindgenCommand
{
    public static Command Create()
    {
        var input = new HeaderInputOptions();
        var ns = new Option<string>("--namespace") { Description = "namespace of the generated code", DefaultValueFactory = _ => "Stampede.Harness" };
        var command = new Command("bindgen", "Generate C# bindings and the API model (api.json) from C headers");
        input.AddTo(command);
        command.Options.Add(ns);
        command.SetAction(parse =>
        {
            var (options, configText) = input.Read(parse, parse.GetValue(ns)!);
            var outDir = parse.GetValue(input.Out) ?? ".";
            // Stamped like new's, so bindings made from a harness's stampede.json are the harness's bindings byte for byte.
            var stamped = configText is null ? options : options with { AssemblyMetadata = HarnessConfig.Stamp(configText) };
            var output = HarnessWriter.WriteBindings(stamped, outDir, BindingCompiler.Check);
            Summary.Print(output, outDir);
            return ExitCodes.Ok;
        });
        return command;
    }
}
