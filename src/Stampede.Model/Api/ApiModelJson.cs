using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stampede.Model.Api;

/// <summary>Reads and writes api.json. Output is deterministic: same model, same bytes.</summary>
public static class ApiModelJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Write(ApiModel model) => JsonSerializer.Serialize(model, Options) + "\n";

    /// <summary>Reads api.json; throws <see cref="InvalidDataException"/> naming the file for a bad or newer file.</summary>
    public static ApiModel Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads the text of an api.json; throws <see cref="InvalidDataException"/> naming
    /// <paramref name="source"/> for a bad or newer model, or one the rest of Stampede cannot use
    /// (<see cref="ApiModelCheck"/>).</summary>
    public static ApiModel Parse(string json, string source)
    {
        ApiModel? model;
        try { model = JsonSerializer.Deserialize<ApiModel>(json, Options); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: {e.Message}"); }
        if (model is null) throw new InvalidDataException($"{source}: empty API model");
        if (model.SchemaVersion != ApiModel.CurrentSchemaVersion)
            throw new InvalidDataException($"{source}: schemaVersion {model.SchemaVersion} is not the supported {ApiModel.CurrentSchemaVersion}");
        if (ApiModelCheck.FirstProblem(model) is { } problem) throw new InvalidDataException($"{source}: {problem}");
        return model;
    }
}
