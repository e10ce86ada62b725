using System.Text;
using System.Text.Json;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.SelfFuzz;

/// <summary>
/// The api.json reader. Contract: any text either reads as a model or throws <see cref="InvalidDataException"/>
/// (which the CLI turns into one error line and exit code 2); and a model it accepts is one Stampede can use:
/// programs decode from it, validate, and round-trip through the text form.
/// </summary>
public sealed class ApiModelTarget(SampleModels models) : ISelfFuzzTarget
{
    /// <summary>How many of the input's first and last bytes are decoded as choices, beside the empty string: enough
    /// for programs that call most functions, few enough to keep executions fast.</summary>
    private const int DecodedBytes = 256;

    public string Name => "api";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<Stampede.Model.Api.ApiModel>()];

    public string Contract =>
        "any text reads as an API model or throws InvalidDataException; an accepted model gives programs that validate and round-trip";

    public void Run(ReadOnlySpan<byte> input)
    {
        ApiModel model;
        try { model = ApiModelJson.Parse(Encoding.UTF8.GetString(input), "api.json"); }
        catch (InvalidDataException) { return; }
        var generator = new ProgramGenerator(model);
        var length = Math.Min(input.Length, DecodedBytes);
        foreach (var bytes in new[] { [], input[..length].ToArray(), input[^length..].ToArray() })
        {
            var program = generator.Decode(bytes);
            RoundTrip.Check(program, model);
        }
    }

    public IEnumerable<SeedInput> Seeds() =>
        models.All.Select(m => new SeedInput($"{m.Library}.json", Encoding.UTF8.GetBytes(ApiModelJson.Write(m))));

    /// <summary>The schema's member names and enum values, as api.json spells them.</summary>
    public IEnumerable<string> DictionaryTokens()
    {
        var types = typeof(ApiModel).Assembly.GetTypes().Where(t => t.Namespace == typeof(ApiModel).Namespace && t.IsPublic).ToList();
        var members = types.Where(t => !t.IsEnum).SelectMany(t => t.GetProperties()).Select(p => $"\"{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}\":");
        var values = types.Where(t => t.IsEnum).SelectMany(Enum.GetNames).Select(n => $"\"{JsonNamingPolicy.KebabCaseLower.ConvertName(n)}\"");
        // Boundaries of the integer types, as JSON numbers: enum values and domains at the edge of their width.
        string[] numbers = ["-1", "0", "1", "127", "255", "32767", "65535", "2147483647", "4294967295", "9223372036854775807", "-9223372036854775808"];
        return [.. members.Distinct(), .. values.Distinct(), .. numbers, "null", "true", "false", "[]", "{}", "\"\""];
    }
}
