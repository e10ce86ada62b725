using Stampede.Bindgen.Config;
using Stampede.Bindgen.Declarations;
using Stampede.Bindgen.Generation;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Inference;

/// <summary>
/// Turns header declarations into the API model: selects functions, skips what cannot be bound (with the reason),
/// infers parameter and return roles and resources (each with a why), then merges the config over it.
/// </summary>
internal sealed class ModelBuilder
{
    private readonly HeaderDeclarations _declarations;
    private readonly BindgenOptions _options;
    private readonly BindgenConfig _config;
    private readonly string _configName;
    private readonly List<SkippedDeclaration> _skipped = [];
    private readonly List<string> _unexported = [];
    private const string FunctionKind = "function";
    private readonly List<string> _prefixes;
    private readonly HashSet<string> _explicit;
    private TypeMap? _typeProbe;

    private ModelBuilder(HeaderDeclarations declarations, BindgenOptions options)
    {
        _declarations = declarations;
        _options = options;
        _config = options.Config ?? BindgenConfig.Empty;
        _configName = options.ConfigPath ?? "config";
        _prefixes = [.. options.Prefixes ?? [], .. _config.Prefixes ?? []];
        _explicit = [.. options.Functions ?? [], .. _config.Include ?? []];
    }

    public static BindingPlan Build(HeaderDeclarations declarations, BindgenOptions options) =>
        new ModelBuilder(declarations, options).Build();

    private static string Where(SourcePlace p) => $"{Path.GetFileName(p.File)}:{p.Line}";

    private BindingPlan Build()
    {
        ValidateConfigNames();
        var bound = SelectFunctions();
        var types = new TypeMap(_declarations, bound);
        foreach (var e in _declarations.Enums.Values)
            if (e.InScope && e.Name is not null && Selected(e.Name, ignoreCase: true)) types.AddEnum(e);
        SkipUnemittableRecords(types);

        var resources = new ResourceInference(_declarations, types, bound, _config, _configName).Infer();
        var constants = Constants();
        var okConstant = constants.Select(c => c.Name)
            .Concat(types.Enums.SelectMany(e => e.Constants.Select(c => c.Name)))
            .FirstOrDefault(n => n.EndsWith("_OK", StringComparison.Ordinal));
        var roles = new RoleInference(types, resources, okConstant);

        var inferred = OwnershipInference.DropOnlyWhereHeld(bound.Select((f, i) => roles.Function(i, f, Where(f.Place))).ToList());
        var functions = bound.Select((f, i) => ConfigMerge.Function(inferred[i], f, _config, _configName,
            NeverCall(f.Name) ?? OwnershipInference.FreesLibraryMemory(inferred[i]), Nondeterministic(f.Name))).ToList();
        var apiResources = resources.Select(r => r.ToApi(bound.Select(b => b.Name))).ToList();
        ValidateOrderInsensitive(functions, apiResources);

        var model = new ApiModel(
            ApiModel.CurrentSchemaVersion,
            _options.Library,
            _options.Headers.ToList(),
            functions,
            apiResources,
            types.Structs.Select(s => new ApiStruct(s.Name, s.Size, s.Align,
                s.Fields.Select(f => new ApiField(f.Name, f.Type.Spelling, f.Offset)).ToList())).ToList(),
            types.Enums.Select(e => new ApiEnum(e.Name!, TypeMap.Abi(e.Underlying), IsFlags(e),
                e.Constants.Select(c => new ApiEnumMember(c.Name, c.Value)).ToList())).ToList(),
            constants,
            Callbacks(),
            _skipped);
        return new BindingPlan(model, bound, types, _declarations, _unexported);
    }

    private bool Selected(string name, bool ignoreCase) =>
        (_prefixes.Count == 0 && _explicit.Count == 0) || NamingRules.MatchesPrefix(name, _prefixes, ignoreCase) || _explicit.Contains(name);

    private void ValidateConfigNames()
    {
        var known = _declarations.Functions.Select(f => f.Name).ToHashSet();
        void Check(IEnumerable<string>? names, string section)
        {
            foreach (var name in names ?? [])
                if (!known.Contains(name))
                    throw new BindgenException($"{_configName}: unknown function '{name}' in \"{section}\" (not declared in the headers)");
        }
        Check(_options.Functions, "--function");
        Check(_config.Include, "include");
        Check(_config.Exclude, "exclude");
        Check(_config.NeverCall?.Keys, "neverCall");
        Check(_config.Nondeterministic?.Keys, "nondeterministic");
        Check(_config.OrderInsensitive?.Keys, "orderInsensitive");
        Check(_config.KeepCalling?.Keys, "keepCalling");
        Check(_config.Functions?.Keys, "functions");
        foreach (var (name, r) in _config.Resources ?? new Dictionary<string, ResourceOverride>())
        {
            Check(r.Producers, $"resources.{name}.producers");
            Check(r.Destructors, $"resources.{name}.destructors");
        }
    }

    /// <summary>An order-insensitive call is placed anywhere by the linearizability search, which is only sound when it
    /// changes nothing other calls see: a function that creates or destroys a handle does.</summary>
    private void ValidateOrderInsensitive(List<ApiFunction> functions, List<ApiResource> resources)
    {
        foreach (var f in functions.Where(f => f.OrderInsensitive is not null))
        {
            var produced = resources.FirstOrDefault(r => r.Producers.Any(p => p.Function == f.Name))?.Name
                ?? (f.Returns.Role == ReturnRole.HandleProducer ? f.Returns.CType : null)
                ?? f.Parameters.FirstOrDefault(p => p.Role == ParameterRole.HandleOut)?.CType;
            if (produced is not null)
                throw new BindgenException($"{_configName}: function '{f.Name}' in \"orderInsensitive\" produces a handle ({produced}): " +
                                           "creating a handle changes what later calls see, so its place in the order matters");
            if (resources.FirstOrDefault(r => r.Destructors.Contains(f.Name)) is { } destroyed)
                throw new BindgenException($"{_configName}: function '{f.Name}' in \"orderInsensitive\" destroys a handle ({destroyed.Name}): " +
                                           "destroying a handle changes what later calls see, so its place in the order matters");
        }
    }

    private List<FunctionDecl> SelectFunctions()
    {
        var excluded = (_config.Exclude ?? []).ToHashSet();
        var bound = new List<FunctionDecl>();
        var selected = 0;
        foreach (var f in _declarations.Functions)
        {
            var inScope = f.InScope || _options.IncludeSystemDeclarations || _explicit.Contains(f.Name);
            if (!inScope || !Selected(f.Name, ignoreCase: false)) continue;
            selected++;
            var reason =
                excluded.Contains(f.Name) ? "excluded by config"
                : f.IsInline ? "static or inline: no exported symbol to call"
                : f.IsVariadic ? "variadic: C varargs cannot be passed through a fixed P/Invoke signature"
                : WhyNotBindable(f) ?? WhyNotExported(f);
            if (reason is not null) _skipped.Add(new SkippedDeclaration(f.Name, FunctionKind, reason, Where(f.Place)));
            else bound.Add(f);
        }
        if (bound.Count == 0) throw new BindgenException(NothingToBind(selected));
        return bound;
    }

    private string? WhyNotExported(FunctionDecl f)
    {
        if (_options.Exports is not { } exports || exports.Has(f.Name)) return null;
        _unexported.Add(f.Name);
        return $"not exported by {exports.File}: no symbol to call";
    }

    /// <summary>A harness without a function would run empty programs and report nothing: say why there is none.</summary>
    private string NothingToBind(int selected)
    {
        var headers = string.Join(", ", _options.Headers);
        if (selected == 0)
            return _prefixes.Count == 0 && _explicit.Count == 0
                ? $"{headers}: no function declared (nothing to bind)"
                : $"{headers}: no function declared matches the selection ({string.Join(", ", _prefixes.Select(p => $"prefix '{p}'").Concat(_explicit.Select(f => $"function '{f}'")))})";
        var first = _skipped.First(s => s.Kind == FunctionKind);
        return _unexported.Count == selected && _options.Exports is { } exports
            ? $"{headers}: {exports.File} exports none of the {selected} function(s) declared ({string.Join(", ", _unexported.Take(5))}{(selected > 5 ? ", ..." : "")}): is it the library of these headers?"
            : $"{headers}: no function left to bind, all {selected} selected are skipped (first: {first.Name} at {first.Where}: {first.Reason})";
    }

    private string? WhyNotBindable(FunctionDecl f)
    {
        // A TypeMap of nothing answers type questions without emitting anything.
        var probe = _typeProbe ??= new TypeMap(_declarations, []);
        if (probe.WhyNot(f.ReturnType) is { } r) return $"return type {r}";
        foreach (var p in f.Parameters)
            if (probe.WhyNot(p.Type) is { } w) return $"parameter '{p.Name}': {w}";
        return null;
    }

    private void SkipUnemittableRecords(TypeMap types)
    {
        foreach (var r in _declarations.Records.Values)
        {
            if (!r.InScope || !r.IsComplete || !Selected(r.Name, ignoreCase: true)) continue;
            if (types.WhyNotStruct(r.Key) is { } why)
                _skipped.Add(new SkippedDeclaration(r.Name, r.IsUnion ? "union" : "struct",
                    $"{why}: bound as an opaque handle, its fields are not accessible", Where(r.Place)));
        }
    }

    private List<ApiConstant> Constants()
    {
        var values = new Dictionary<string, long>();
        var constants = new List<ApiConstant>();
        var names = new HashSet<string>();
        void Add(string name, string type, string value)
        {
            if (names.Add(name)) constants.Add(new ApiConstant(name, type, value));
        }
        foreach (var e in _declarations.Enums.Values.Where(e => e.Name is null && e.InScope))
            foreach (var c in e.Constants.Where(c => Selected(c.Name, ignoreCase: true)))
            {
                values[c.Name] = c.Value;
                Add(c.Name, IntegerType(c.Value), c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        foreach (var e in _declarations.Enums.Values) foreach (var c in e.Constants) values.TryAdd(c.Name, c.Value);
        foreach (var m in _declarations.Macros)
        {
            if (!Selected(m.Name, ignoreCase: true) || m.Tokens.Count == 0) continue;
            if (m.IsFunctionLike)
            {
                _skipped.Add(new SkippedDeclaration(m.Name, "macro", "function-like macro", Where(m.Place)));
                continue;
            }
            if (new MacroEvaluator(values).Integer(m.Tokens) is { } v)
            {
                values[m.Name] = v;
                Add(m.Name, IntegerType(v), v.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (MacroEvaluator.StringLiteral(m.Tokens) is { } s) Add(m.Name, "string", s);
            else _skipped.Add(new SkippedDeclaration(m.Name, "macro", "not an integer constant expression or string literal", Where(m.Place)));
        }
        return constants;
    }

    private static string IntegerType(long v) => v is >= int.MinValue and <= int.MaxValue ? "int" : "long";

    private List<ApiCallbackType> Callbacks() =>
        _declarations.Typedefs
            .Where(t => t.InScope && t.Underlying is PointerType { Pointee: FunctionType } && Selected(t.Name, ignoreCase: true))
            .Select(t => new ApiCallbackType(t.Name, t.Underlying.Spelling))
            .DistinctBy(c => c.Name)
            .ToList();

    private static bool IsFlags(EnumDecl e) =>
        e.Constants.Count(c => c.Value != 0) >= 3
        && e.Constants.All(c => c.Value >= 0 && (c.Value & (c.Value - 1)) == 0);

    private string? NeverCall(string name) =>
        _config.NeverCall?.GetValueOrDefault(name) ?? NamingRules.NeverCall.GetValueOrDefault(name);

    private string? Nondeterministic(string name) =>
        _config.Nondeterministic?.GetValueOrDefault(name) ?? NamingRules.Nondeterministic.GetValueOrDefault(name);
}
