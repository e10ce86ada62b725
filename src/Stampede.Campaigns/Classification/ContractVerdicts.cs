using Stampede.Model.Api;
using Stampede.Model.Contracts;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Classification;

/// <summary>
/// Turns experiments' results into each function's contract. A race shown by f ∥ g on a shared handle of a type both
/// take, and by no experiment of theirs on distinct handles, makes them safe on distinct handles of that type. A race
/// shown on distinct handles (or aliased references, or between functions that share no handle type) is the library's
/// own state: f and g are MT-Unsafe, in one race group with every function such a race links them to. A function in
/// no race is MT-Safe, as far as what was tried goes. A failure that came back on one thread is no race.
/// </summary>
public static class ContractVerdicts
{
    /// <summary>How many evidence entries a function lists: the first races found, not every one.</summary>
    const int EvidencePerFunction = 3;

    public static LibraryContracts Judge(ApiModel model, IReadOnlyList<string> functions, IReadOnlyList<ExperimentResult> results,
        IReadOnlyList<string> modes, Func<ExperimentResult, ContractEvidence> evidence)
    {
        var takes = functions.ToDictionary(f => f, f => ExperimentPrograms.HandleTypes(model, f));
        // A mixed experiment makes f ∥ f as well as f ∥ g: its failure is the pair's only when the function its key names
        // showed no race of its own elsewhere.
        var unmixed = results.Where(r => r is { ShowsRace: true, Experiment.Mixed: false }).ToList();
        bool OwnRace(string f) => unmixed.Any(r => r.Experiment.Involves(f));
        var races = results.Where(r => r.ShowsRace && (!r.Experiment.Mixed || !KeyNames.Functions(r.Failure!, model).Any(OwnRace))).ToList();
        var groups = new UnionFind(functions);
        var globalRace = new HashSet<string>();
        var handleRace = new Dictionary<string, string>();
        foreach (var r in races)
        {
            var (f, g) = (r.Experiment.F, r.Experiment.G);
            var common = takes[f].Intersect(takes[g]).ToList();
            if (r.Experiment.Sharing == HandleSharing.Shared && common.Count > 0)
            {
                handleRace.TryAdd(f, common[0]);
                handleRace.TryAdd(g, common[0]);
            }
            else
            {
                globalRace.Add(f);
                globalRace.Add(g);
                groups.Join(f, g);
            }
        }
        var writers = Writers(results, globalRace, groups);
        var contracts = new Dictionary<string, FunctionContract>();
        foreach (var f in functions)
        {
            var mine = results.Where(r => r.Experiment.Involves(f)).ToList();
            var tried = new ContractTried(mine.Count, mine.Sum(r => r.Repetitions), modes);
            var myRaces = races.Where(r => r.Experiment.Involves(f)).ToList();
            var shown = myRaces.Take(EvidencePerFunction).Select(evidence).ToList();
            var remarks = new List<string>();
            if (results.Any(r => r.Experiment is { } e && e.F == f && e.G == f && r.FailsOnOneThread)) remarks.Add(ContractRemarks.FailsOnOneThread);
            if (globalRace.Contains(f) && myRaces.All(r => r.GoneWhenWarm)) remarks.Add(ContractRemarks.Init);
            if (writers.Contains(f)) remarks.Add(ContractRemarks.Const);
            var confined = ExperimentPrograms.ConfinedHandleTypes(model, f).Order(StringComparer.Ordinal).FirstOrDefault();
            contracts[f] = globalRace.Contains(f)
                ? new FunctionContract(ThreadSafety.MtUnsafe, GroupName(groups.Members(f), races), remarks, shown, tried)
                : handleRace.TryGetValue(f, out var resource)
                    ? new FunctionContract(ThreadSafety.SafeOnDistinctHandles, resource, remarks, shown, tried)
                    // Never shared by the experiments: safe on distinct handles is what the harness declared, not a result.
                    : confined is not null
                        ? new FunctionContract(ThreadSafety.SafeOnDistinctHandles, confined, [.. remarks, $"{ContractRemarks.Confined}:{confined}"], [], tried)
                        : new FunctionContract(ThreadSafety.MtSafe, null, remarks, [], tried);
        }
        return new LibraryContracts(LibraryContracts.CurrentSchemaVersion, model.Library, contracts);
    }

    /// <summary>
    /// The writers of race groups that also have readers: a reader is a member that raced with no member that is also
    /// quiet against itself (f ∥ f passed in every sharing), so readers run together safely; the other members write. A
    /// group with no reader has no writers in this sense: it needs its lock exclusive for all.
    /// </summary>
    static HashSet<string> Writers(IReadOnlyList<ExperimentResult> results, HashSet<string> unsafeOnes, UnionFind groups)
    {
        bool Raced(string f, string g) => results.Any(r => r.ShowsRace && (r.Experiment.F == f && r.Experiment.G == g || r.Experiment.F == g && r.Experiment.G == f));
        var quietAlone = unsafeOnes.Where(f => !Raced(f, f)).ToHashSet();
        var writers = new HashSet<string>();
        foreach (var group in unsafeOnes.GroupBy(f => groups.Members(f).Order(StringComparer.Ordinal).First()))
        {
            var readers = group.Where(f => quietAlone.Contains(f) && !group.Any(g => g != f && quietAlone.Contains(g) && Raced(f, g))).ToHashSet();
            if (readers.Count > 0) writers.UnionWith(group.Where(f => !readers.Contains(f)));
        }
        return writers;
    }

    /// <summary>A race group's name: the global a sanitizer named (<c>race:@duration_buffer</c>), else the state a key
    /// names (<c>race:kv_store</c>), else the group's first function by name.</summary>
    static string GroupName(IReadOnlyList<string> members, IReadOnlyList<ExperimentResult> races)
    {
        var keys = races.Where(r => members.Contains(r.Experiment.F)).Select(r => r.Failure!.Signature).ToList();
        foreach (var key in keys)
            if (key.Split(':') is [_, var state] && state.StartsWith('@')) return state[1..];
        foreach (var key in keys)
            if (key.Split(':') is [_, var state] && !state.Contains(' ') && !state.Contains(Sanitizers.SanitizerKey.Parallel) && !members.Contains(state) && state.All(c => char.IsLetterOrDigit(c) || c == '_'))
                return state;
        return members.Order(StringComparer.Ordinal).First();
    }

    sealed class UnionFind(IEnumerable<string> items)
    {
        readonly Dictionary<string, string> parent = items.ToDictionary(x => x, x => x);

        string Root(string x) => parent[x] == x ? x : parent[x] = Root(parent[x]);

        public void Join(string a, string b) => parent[Root(a)] = Root(b);

        public IReadOnlyList<string> Members(string x) => parent.Keys.Where(k => Root(k) == Root(x)).ToList();
    }
}
