using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Stampede.Harnesses;

/// <summary>
/// A harness's stampede.json is the input of <c>stampede new</c>: its effect (roles, domains, resources, what is bound)
/// is in api.json and the bindings, not read at run time. So the bindings carry a stamp of the config text they were
/// generated from, and a harness whose stampede.json no longer matches it is refused, with the advice to run
/// <c>stampede new</c> again, rather than run as if the edit had taken effect.
/// </summary>
public static class HarnessConfig
{
    /// <summary>The config's file name in a harness directory (Stampede.Bindgen's HarnessWriter writes it).</summary>
    public const string FileName = "stampede.json";

    /// <summary>The assembly metadata key of the stamp in the generated bindings.</summary>
    public const string StampMetadata = "StampedeConfigSha256";

    /// <summary>The assembly metadata that stamps bindings as generated from <paramref name="configText"/>.</summary>
    public static IReadOnlyDictionary<string, string> Stamp(string configText) =>
        new Dictionary<string, string> { [StampMetadata] = Hash(configText) };

    /// <summary>The text of the harness's stampede.json, null when there is none; read before the harness is compiled,
    /// so a corrupt one is reported at once.</summary>
    /// <exception cref="HarnessException">Not valid JSON: the message names the file, line and column.</exception>
    public static string? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path);
        try
        {
            using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new HarnessException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: invalid JSON: {Reason(e)}");
        }
        return text;
    }

    /// <summary>Checks that <paramref name="configText"/> (from <see cref="Read"/>) is the config the bindings were
    /// generated from. Bindings without a stamp in a directory without stampede.json (stampede bindgen's output) pass.</summary>
    /// <exception cref="HarnessException">stampede.json changed, or went missing, since stampede new.</exception>
    public static void CheckCurrent(string directory, string? configText, Assembly bindings)
    {
        string path = Path.Combine(directory, FileName);
        string? stamp = bindings.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == StampMetadata)?.Value;
        string rerun = $"run stampede new again with -o {directory} (it reads the harness's {FileName})";
        if (configText is null)
        {
            if (stamp is null) return;
            throw new HarnessException($"{path}: missing, but the harness was generated from one: {rerun}");
        }
        if (stamp != Hash(configText))
            throw new HarnessException($"{path}: changed since the harness was generated from it, so the edit has no effect yet: {rerun}");
    }

    // Line endings do not count: a checkout may convert them.
    private static string Hash(string configText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configText.ReplaceLineEndings("\n"))));

    // System.Text.Json appends " LineNumber: 2 | BytePositionInLine: 4." to its reason; the place is already in front.
    private static string Reason(JsonException e)
    {
        int cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? e.Message[..cut] : e.Message).ReplaceLineEndings(" ");
    }
}
