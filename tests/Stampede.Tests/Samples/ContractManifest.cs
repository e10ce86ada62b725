using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stampede.Tests.Samples;

/// <summary>The samples' ground truth, native/samples/contracts.json. Tests and benchmarks only.</summary>
public sealed record ContractManifest(
    int SchemaVersion,
    string[] FailureKinds,
    Dictionary<string, RaceGroup> Groups,
    LibraryContracts[] Libraries)
{
    public static ContractManifest Load() =>
        JsonSerializer.Deserialize<ContractManifest>(
            File.ReadAllText(Path.Combine(RepoPaths.SamplesDir, "contracts.json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
        ?? throw new InvalidDataException("contracts.json is empty");
}

public sealed record RaceGroup(
    string Library, string Class, string Like, string Failure, string Sanitizer, string Trigger,
    bool FirstUseOnly = false, bool BetweenCalls = false);

public sealed record LibraryContracts(string Name, string Header, Dictionary<string, FunctionContract> Functions);

public sealed record FunctionContract(string Contract, string? Group = null)
{
    [JsonIgnore] public bool IsSafe => Contract == "mt-safe";
}
