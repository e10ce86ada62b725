using System.Text.Json;

namespace Stampede.Tests.Samples;

/// <summary>The versions of one sample library and what each adds and fixes, native/samples/versions.json. Tests only.</summary>
public sealed record VersionManifest(
    int SchemaVersion,
    string Library,
    string Macro,
    Dictionary<string, RaceGroup> Groups,
    LibraryVersion[] Versions)
{
    public static VersionManifest Load() =>
        JsonSerializer.Deserialize<VersionManifest>(
            File.ReadAllText(Path.Combine(RepoPaths.SamplesDir, "versions.json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
        ?? throw new InvalidDataException("versions.json is empty");

    /// <summary>The built file of <paramref name="version"/>.</summary>
    public string LibraryFile(string version) =>
        Path.Combine(RepoPaths.Root, "build", "native", "plain", "versions", version, $"lib{Library}.so");

    /// <summary>The race groups <paramref name="version"/> has: the first version's own list, then each version's
    /// predecessor's plus what it adds, minus what it fixes.</summary>
    public IReadOnlySet<string> RacesOf(string version)
    {
        var races = new HashSet<string>();
        foreach (var v in Versions)
        {
            races.UnionWith(v.Races ?? []);
            races.UnionWith((v.Adds ?? []).Select(c => c.Group));
            races.ExceptWith((v.Fixes ?? []).Select(c => c.Group));
            if (v.Name == version) return races;
        }
        throw new ArgumentException($"versions.json has no version {version}", nameof(version));
    }

    /// <summary>Every group some version adds or fixes, with the functions it names.</summary>
    public IEnumerable<VersionChange> Changes =>
        Versions.SelectMany(v => (v.Adds ?? []).Concat(v.Fixes ?? [])).DistinctBy(c => c.Group);

    /// <summary>The race program of <paramref name="group"/>: versions/GROUP.txt for a group defined here, races/GROUP.txt
    /// for one of contracts.json's.</summary>
    public string ProgramOf(string group) =>
        Path.Combine(RepoPaths.SamplesDir, Groups.ContainsKey(group) ? "versions" : "races", group + ".txt");
}

public sealed record LibraryVersion(
    string Name, int Macro, string About, string[]? Races = null, VersionChange[]? Adds = null, VersionChange[]? Fixes = null);

public sealed record VersionChange(string Group, string[] Functions);
