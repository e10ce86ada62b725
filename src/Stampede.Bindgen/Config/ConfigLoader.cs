using System.Text.Json;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Config;

/// <summary>Reads stampede.json. Unknown properties and malformed JSON are errors naming the file and line.</summary>
public static class ConfigLoader
{
    private static readonly JsonSerializerOptions Options = new(ApiModelJson.Options)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    public static BindgenConfig Load(string path)
    {
        if (!File.Exists(path)) throw new BindgenException($"config file not found: {path}");
        try
        {
            return JsonSerializer.Deserialize<BindgenConfig>(File.ReadAllText(path), Options) ?? BindgenConfig.Empty;
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $":{l + 1}" : "";
            throw new BindgenException($"{path}{line}: invalid config: {FirstSentence(e.Message)}");
        }
    }

    public static string Write(BindgenConfig config) => JsonSerializer.Serialize(config, Options) + "\n";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.ReplaceLineEndings(" ");
    }
}
