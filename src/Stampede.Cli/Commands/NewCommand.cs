using System.CommandLine;
using Stampede.Bindgen;
using Stampede.Bindgen.Harness;
using Stampede.Harnesses;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede new</c>: creates a harness project (bindings, api.json, stampede.json) that builds with dotnet build
/// against the call layer's package, wherever it is written.
/// Run again on a harness, it reads the harness's stampede.json unless --config is given; the bindings are stamped with
/// the config they come from, so a harness whose config was edited since is refused until new runs again.</summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var input = new HeaderInputOptions();
        var name = new Option<string?>("--name", "-n") { Description = "harness name (default: the first header's file name)" };
        var command = new Command("new", "Create a harness for a native library: harnesses/<name>/ by default");
        input.AddTo(command);
        command.Options.Add(name);
        command.SetAction(parse =>
        {
            var headers = parse.GetValue(input.Headers) ?? [];
            var harnessName = HarnessName(parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(headers.FirstOrDefault() ?? "harness"));
            // In a Stampede checkout, beside its sample harnesses; anywhere else, under the working directory.
            var outDir = parse.GetValue(input.Out) ?? Path.Combine(RepositoryLayout.TryFindRoot() ?? ".", "harnesses", harnessName);
            var (options, configText) = input.Read(parse, "Stampede.Harnesses." + Pascal(harnessName), Path.Combine(outDir, HarnessConfig.FileName));
            configText ??= HarnessWriter.StarterConfig(options);
            var request = new HarnessWriter.Request(options with { AssemblyMetadata = HarnessConfig.Stamp(configText) }, harnessName, outDir, configText);
            var output = HarnessWriter.WriteHarness(request, BindingCompiler.Check);
            Summary.Print(output, outDir);
            Console.WriteLine($"build: dotnet build {Path.Combine(outDir, HarnessWriter.ProjectFileName(harnessName))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string HarnessName(string raw)
    {
        var name = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray()).ToLowerInvariant();
        return name.Length == 0 ? throw new BindgenException($"invalid harness name '{raw}'") : name;
    }

    private static string Pascal(string name)
    {
        var parts = name.Split('-', '_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]);
        var joined = string.Concat(parts);
        return char.IsAsciiDigit(joined[0]) ? "_" + joined : joined;
    }
}
