using System.Text.Json;

namespace Stampede.Benchmarks.Engine;

/// <summary>One race group of <c>native/samples/contracts.json</c>: a seeded bug, the functions that share its
/// unguarded state, and the failure it produces without a sanitizer (crash, wrong-result, deadlock).</summary>
/// <summary>A race group of contracts.json. <see cref="BetweenCalls"/>: its state is shared from one call to the next, so
/// systematic mode (whole calls interleaved) can show it.</summary>
public sealed record RaceGroup(string Name, string Library, string Class, string Failure, bool FirstUseOnly, IReadOnlyList<string> Functions,
    bool BetweenCalls = false);

/// <summary>
/// The ground truth the benchmark measures against: per sample library, every exported function's contract and
/// the race groups. Only the benchmark and the tests read it; the engine never sees it.
/// </summary>
public sealed class Contracts
{
    public IReadOnlyList<string> Libraries { get; }
    public IReadOnlyList<RaceGroup> Groups { get; }
    readonly Dictionary<string, Dictionary<string, string>> contractByLibrary;
    readonly Dictionary<string, Dictionary<string, string>> groupByLibrary;

    Contracts(IReadOnlyList<string> libraries, IReadOnlyList<RaceGroup> groups, Dictionary<string, Dictionary<string, string>> contracts,
        Dictionary<string, Dictionary<string, string>> groupOfFunction) =>
        (Libraries, Groups, contractByLibrary, groupByLibrary) = (libraries, groups, contracts, groupOfFunction);

    public static Contracts Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var libraries = new List<string>();
        var contracts = new Dictionary<string, Dictionary<string, string>>();
        var groupOfFunction = new Dictionary<string, Dictionary<string, string>>();
        var members = new Dictionary<string, List<string>>(); // group -> functions
        foreach (var library in root.GetProperty("libraries").EnumerateArray())
        {
            string name = library.GetProperty("name").GetString()!;
            libraries.Add(name);
            var byFunction = contracts[name] = [];
            var groupByFunction = groupOfFunction[name] = [];
            foreach (var f in library.GetProperty("functions").EnumerateObject())
            {
                byFunction[f.Name] = f.Value.GetProperty("contract").GetString()!;
                if (f.Value.TryGetProperty("group", out var declared)) groupByFunction[f.Name] = declared.GetString()!;
                // A function with a seeded ordinary bug (it crashes on one thread) still belongs to its race group by
                // contract, but a crash inside it is that ordinary bug, not the group's race: it detects no group.
                if (f.Value.TryGetProperty("group", out var g) && !f.Value.TryGetProperty("ordinaryBug", out _))
                {
                    string group = g.GetString()!;
                    if (!members.TryGetValue(group, out var list)) members[group] = list = [];
                    list.Add(f.Name);
                }
            }
        }
        var groups = root.GetProperty("groups").EnumerateObject().Select(g => new RaceGroup(
            g.Name,
            g.Value.GetProperty("library").GetString()!,
            g.Value.GetProperty("class").GetString()!,
            g.Value.GetProperty("failure").GetString()!,
            g.Value.TryGetProperty("firstUseOnly", out var first) && first.GetBoolean(),
            members.TryGetValue(g.Name, out var fs) ? fs : [],
            g.Value.TryGetProperty("betweenCalls", out var between) && between.GetBoolean())).ToArray();
        return new Contracts(libraries, groups, contracts, groupOfFunction);
    }

    public IEnumerable<RaceGroup> GroupsOf(string library) => Groups.Where(g => g.Library == library);

    /// <summary>mt-safe, safe-on-distinct-handles or mt-unsafe; null for a name that is no exported function.</summary>
    public string? ContractOf(string library, string function) =>
        contractByLibrary[library].TryGetValue(function, out var c) ? c : null;

    /// <summary>Every function's contract and group as the file declares them (the group of a function with an ordinary
    /// bug included, unlike <see cref="RaceGroup.Functions"/>): what a safe layer built from the ground truth locks by.</summary>
    public IReadOnlyDictionary<string, (string Contract, string? Group)> FunctionContracts(string library) =>
        contractByLibrary[library].ToDictionary(f => f.Key, f => (f.Value, groupByLibrary[library].GetValueOrDefault(f.Key)));

    /// <summary>The functions whose contract is mt-safe: the negative controls.</summary>
    public IReadOnlyList<string> MtSafe(string library) =>
        contractByLibrary[library].Where(f => f.Value == "mt-safe").Select(f => f.Key).ToArray();

    public RaceGroup? GroupOf(string library, string function) =>
        GroupsOf(library).FirstOrDefault(g => g.Functions.Contains(function));
}
