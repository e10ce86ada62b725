using Stampede.Bindgen;

namespace Stampede.Cli.Commands;

/// <summary>The few lines new and bindgen print: what was bound, what was skipped, where it went.</summary>
internal static class Summary
{
    public static void Print(BindingGenerator.Output output, string directory)
    {
        var m = output.Plan.Model;
        if (output.Plan.Unexported.Count > 0)
            Output.Warning($"{m.Library} does not export {output.Plan.Unexported.Count} function(s) the headers declare, left out of the model: " +
                           string.Join(", ", output.Plan.Unexported));
        Console.WriteLine($"bound: {m.Functions.Count} functions, {m.Resources.Count} resources, {m.Structs.Count} structs, {m.Enums.Count} enums, {m.Constants.Count} constants");
        var skipped = m.Skipped.GroupBy(s => s.Kind).Select(g => $"{g.Count()} {g.Key}s").ToList();
        if (skipped.Count > 0) Console.WriteLine($"skipped: {string.Join(", ", skipped)} (reasons in api.json)");
        Console.WriteLine($"wrote: {directory}");
    }
}
