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
    public static ApiModel Read(string path)
    {
        ApiModel? model;
        try { model = JsonSerializer.Deserialize<ApiModel>(File.ReadAllText(path), Options); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: {e.Message}"); }
        if (model is null) throw new InvalidDataException($"{path}: empty API model");
        if (model.SchemaVersion != ApiModel.CurrentSchemaVersion)
            throw new InvalidDataException($"{path}: schemaVersion {model.SchemaVersion} is not the supported {ApiModel.CurrentSchemaVersion}");
        return model;
    }
}
