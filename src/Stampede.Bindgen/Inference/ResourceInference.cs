using Stampede.Bindgen.Config;
using Stampede.Bindgen.Declarations;
using Stampede.Bindgen.Generation;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Inference;

/// <summary>
/// Finds resources (syzkaller's idea): pointer-to-record types that some bound function produces, by returning
/// a <c>T*</c> or writing a <c>T**</c> out-parameter; their consumers (functions taking a <c>T*</c>) and
/// destructors (one <c>T*</c> parameter and a destructor name, see <see cref="NamingRules.DestructorWord"/>).
/// The config can declare resources no rule finds (a caller-allocated z_stream) and fix producers, destructors, sharing.
/// </summary>
internal sealed class ResourceInference(
    HeaderDeclarations declarations, TypeMap types, IReadOnlyList<FunctionDecl> functions, BindgenConfig config, string configName)
{
    private readonly Dictionary<string, ResourceDraft> _byKey = [];

    public List<ResourceDraft> Infer()
    {
        foreach (var f in functions)
        {
            if (TypeMap.PointedRecord(f.ReturnType) is { } r)
                Draft(r).Producers.Add(new ResourceProducer(f.Name, "returns"));
            for (var i = 0; i < f.Parameters.Count; i++)
                if (f.Parameters[i].Type is PointerType { Pointee: PointerType { PointeeIsConst: false } inner } && TypeMap.PointedRecord(inner) is { } o)
                    Draft(o).Producers.Add(new ResourceProducer(f.Name, "out-parameter", i));
            if (InitializedStruct(f) is { } s)
                Draft(s).Producers.Add(new ResourceProducer(f.Name, "initializes", 0));
        }
        foreach (var d in _byKey.Values)
        {
            d.Why.Add($"produced by {string.Join(", ", d.Producers.Select(p => p.How switch
            {
                "returns" => p.Function,
                "initializes" => $"{p.Function} (initializes the caller's memory: {NamingRules.InitializerWord(p.Function)})",
                _ => $"{p.Function} (out-parameter {p.Parameter})",
            }))}");
            // Memory the caller allocates and an initializer fills (a yaml_parser_t, a z_stream) is the caller's object:
            // C libraries document such objects as one thread's (libyaml's and zlib's do), and zero-code programs that
            // shared one crashed in ways no maintainer would call a race. The config's "sharing" says otherwise.
            if (d.Producers.Count > 0 && d.Producers.All(p => p.How == "initializes"))
            {
                d.Sharing = ResourceSharing.ThreadConfined;
                d.Why.Add("one thread's: the caller's memory, initialized by the library");
            }
        }
        ApplyConfig();
        foreach (var d in _byKey.Values) FindUsers(d);
        return [.. _byKey.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>The struct whose caller-provided memory <paramref name="f"/> initializes: its first parameter is a
    /// non-const pointer to a struct the header defines (so the caller can allocate it), and its name ends in an
    /// initializer word.</summary>
    private RecordType? InitializedStruct(FunctionDecl f) =>
        f.Parameters.Count > 0 && f.Parameters[0].Type is PointerType { PointeeIsConst: false } first
        && TypeMap.PointedRecord(first) is { } r && declarations.Records[r.Key] is { IsComplete: true, IsUnion: false }
        && NamingRules.InitializerWord(f.Name) is not null
            ? r : null;

    private ResourceDraft Draft(RecordType record)
    {
        if (_byKey.TryGetValue(record.Key, out var d)) return d;
        var opaque = !types.IsStruct(record.Key);
        var name = types.ResourceName(record.Key);
        return _byKey[record.Key] = new ResourceDraft(record.Key, name, name + " *", opaque);
    }

    private void ApplyConfig()
    {
        foreach (var (name, over) in config.Resources ?? new Dictionary<string, ResourceOverride>())
        {
            var key = declarations.Records.Values.FirstOrDefault(r => types.ResourceName(r.Key) == name || r.Name == name)?.Key
                ?? throw new BindgenException($"{configName}: unknown resource '{name}' in \"resources\" (no such struct or handle type)");
            var draft = Draft(new RecordType(name, key));
            if (over.Producers is { } producers)
            {
                draft.Producers.Clear();
                foreach (var p in producers) draft.Producers.Add(ProducerFromConfig(p, key, name));
                draft.Why.Add("producers set in config");
            }
            if (over.Destructors is { } destructors)
            {
                draft.Destructors.AddRange(destructors);
                draft.Why.Add("destructors set in config");
            }
            if (over.Sharing is { } sharing)
            {
                draft.Sharing = sharing;
                draft.Why.Add($"sharing '{sharing}' set in config");
            }
        }
    }

    private ResourceProducer ProducerFromConfig(string function, string key, string name)
    {
        var f = functions.FirstOrDefault(x => x.Name == function)
            ?? throw new BindgenException($"{configName}: producer '{function}' of resource '{name}' is not bound (filtered out or skipped)");
        if (TypeMap.PointedRecord(f.ReturnType)?.Key == key) return new ResourceProducer(function, "returns");
        for (var i = 0; i < f.Parameters.Count; i++)
        {
            var t = f.Parameters[i].Type;
            if (t is PointerType { Pointee: PointerType inner } && TypeMap.PointedRecord(inner)?.Key == key)
                return new ResourceProducer(function, "out-parameter", i);
            if (TypeMap.PointedRecord(t)?.Key == key) return new ResourceProducer(function, "initializes", i);
        }
        throw new BindgenException($"{configName}: producer '{function}' of resource '{name}' neither returns nor takes a {name} *");
    }

    private void FindUsers(ResourceDraft draft)
    {
        var configuredDestructors = draft.Destructors.Count > 0;
        foreach (var f in functions)
        {
            var takes = f.Parameters.Any(p => TypeMap.PointedRecord(p.Type)?.Key == draft.Key);
            if (!takes) continue;
            if (draft.Destructors.Contains(f.Name)) continue;
            if (!configuredDestructors && f.Parameters.Count == 1 && NamingRules.DestructorWord(f.Name) is { } named)
            {
                draft.Destructors.Add(f.Name);
                draft.Why.Add($"{f.Name} destroys it ({named}, only parameter is a {draft.Name} *)");
                continue;
            }
            if (draft.Producers.Any(p => p.Function == f.Name && p.How == "initializes")) continue;
            draft.Consumers.Add(f.Name);
        }
    }
}
