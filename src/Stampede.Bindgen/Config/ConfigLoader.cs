using System.Text.Json;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Config;

/// <summary>Reads stampede.json. Unknown properties and malformed JSON are errors naming the file, line and column.</summary>
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
            var place = e.LineNumber is { } l ? $":{l + 1}" + (e.BytePositionInLine is { } c ? $":{c + 1}" : "") : "";
            throw new BindgenException($"{path}{place}: invalid config: {FirstSentence(e.Message)}");
        }
    }

    public static string Write(BindgenConfig config) => JsonSerializer.Serialize(config, Options) + "\n";

    // The reader's messages end in " Path: ... | LineNumber: ..." or " LineNumber: ...": the place is already in front.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.ReplaceLineEndings(" ");
    }
}
