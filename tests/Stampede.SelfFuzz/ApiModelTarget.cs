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
    /// <summary>Choices beyond these add little: generation from the input's first bytes reaches every path.</summary>
    private const int DecodedBytes = 256;

    public string Name => "api";

    public string Contract =>
        "any text reads as an API model or throws InvalidDataException; an accepted model gives programs that validate and round-trip";

    public void Run(ReadOnlySpan<byte> input)
    {
        ApiModel model;
        try { model = ApiModelJson.Parse(Encoding.UTF8.GetString(input), "api.json"); }
        catch (InvalidDataException) { return; }
        var generator = new ProgramGenerator(model);
        foreach (var bytes in new[] { [], input[..Math.Min(input.Length, DecodedBytes)].ToArray() })
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
        return [.. members.Distinct(), .. values.Distinct(), "null", "true", "false", "[]", "{}", "-1", "0", "1", "\"\""];
    }
}
