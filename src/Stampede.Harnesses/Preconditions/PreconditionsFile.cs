using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stampede.Model;
using Stampede.Model.Api;

namespace Stampede.Harnesses.Preconditions;

/// <summary>
/// Reads, writes and applies a harness's preconditions.json. It is applied to the model a harness opens with only while
/// it was learned from that harness's api.json (<see cref="IsCurrent"/>); a stale one is learned again by
/// <c>stampede fuzz</c>. The harness's stampede.json wins over it: a parameter the config gives a domain keeps that
/// domain, and a function the config names in <c>keepCalling</c> takes no learned rule at all.
/// </summary>
public static class PreconditionsFile
{
    /// <summary>The file's name in a harness directory.</summary>
    public const string FileName = "preconditions.json";

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Program text in the evidence stays readable: quotes as quotes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Every member written, null ones too: a reader requires them all, so a hand edit that loses one is caught.
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>The harness's learned preconditions, null when it has none.</summary>
    /// <exception cref="HarnessException">The file is not valid JSON, not this format, or names a function or
    /// parameter the model does not have.</exception>
    public static LearnedPreconditions? Read(string directory, ApiModel model)
    {
        string path = PathIn(directory);
        if (!File.Exists(path)) return null;
        LearnedPreconditions? read;
        try { read = JsonSerializer.Deserialize<LearnedPreconditions>(File.ReadAllText(path), Options); }
        catch (JsonException e)
        {
            throw new HarnessException($"{path}:{e.LineNumber + 1}: not a preconditions file ({Reason(e)}): fix it, or delete it and run stampede learn");
        }
        if (read is null || read.SchemaVersion != LearnedPreconditions.CurrentSchemaVersion)
            throw new HarnessException($"{path}: not a preconditions file of schema {LearnedPreconditions.CurrentSchemaVersion}: delete it and run stampede learn");
        if (!IsCurrent(read, directory)) return read;
        foreach (var rule in read.Rules)
        {
            if (model.Function(rule.Function) is not { } f)
                throw new HarnessException($"{path}: rule for '{rule.Function}', which api.json does not have");
            if (rule.Parameter is { } p && f.Parameters.All(x => x.Name != p))
                throw new HarnessException($"{path}: rule for parameter '{p}' of '{rule.Function}', which has: {string.Join(", ", f.Parameters.Select(x => x.Name))}");
            if ((rule.Domain is null) == (rule.NeverCall is null))
                throw new HarnessException($"{path}: the rule for '{rule.Function}' must have either a domain or neverCall");
        }
        return read;
    }

    public static void Write(string directory, LearnedPreconditions preconditions)
    {
        string path = PathIn(directory), temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(preconditions, Options) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The fingerprint of the harness's api.json that learned preconditions are tied to.</summary>
    public static string ApiSha256(string directory) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, "api.json"))));

    /// <summary>Whether <paramref name="preconditions"/> were learned from the harness's api.json as it is now.</summary>
    public static bool IsCurrent(LearnedPreconditions preconditions, string directory) => preconditions.ApiSha256 == ApiSha256(directory);

    /// <summary><paramref name="model"/> (as api.json has it) with the rules applied, where its config lets them.</summary>
    public static ApiModel Apply(ApiModel model, IEnumerable<LearnedRule> rules)
    {
        // A domain in api.json came from the config, which wins over what was learned.
        var configured = model.Functions.SelectMany(f => f.Parameters.Where(p => p.Domain is not null).Select(p => (f.Name, p.Name))).ToHashSet();
        var functions = model.Functions.ToList();
        foreach (var rule in rules)
        {
            int i = functions.FindIndex(f => f.Name == rule.Function);
            if (i < 0 || functions[i].KeepCalling is not null) continue;
            var f = functions[i];
            if (rule.NeverCall is { } reason) functions[i] = f with { NeverCall = f.NeverCall ?? $"learned: {reason}" };
            else if (rule.Domain is { } learned && !configured.Contains((f.Name, rule.Parameter!)))
                functions[i] = f with
                {
                    Parameters = [.. f.Parameters.Select(p => p.Name != rule.Parameter ? p : p with { Domain = p.Domain?.Narrow(learned) ?? learned })],
                };
        }
        return model with { Functions = functions };
    }

    static string Reason(JsonException e)
    {
        int cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? e.Message[..cut] : e.Message).ReplaceLineEndings(" ");
    }
}
