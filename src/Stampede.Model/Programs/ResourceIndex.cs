using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// The model's facts about handles, looked up by function: which resource a call returns, which parameters
/// produce or destroy one, which resources must stay on one thread. Validation, generation, mutation and teardown
/// all read handles through it, so they agree on what a call does to them.
/// </summary>
internal sealed class ResourceIndex
{
    private readonly Dictionary<string, ApiFunction> _functions;
    private readonly Dictionary<string, ApiResource> _resources;
    // (function, parameter index) -> resource, for "initializes" producers (caller-owned memory made a handle).
    private readonly Dictionary<(string, int), string> _initializes = [];
    private readonly Dictionary<string, HashSet<string>> _destroys = [];

    public ResourceIndex(ApiModel model)
    {
        Model = model;
        Callable = [.. model.Functions.Where(f => WhyNotCallable(f) is null)];
        _functions = model.Functions.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First());
        _resources = model.Resources.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var r in model.Resources)
        {
            foreach (var p in r.Producers)
                if (p is { How: "initializes", Parameter: { } index }) _initializes[(p.Function, index)] = r.Name;
            foreach (var d in r.Destructors)
            {
                if (!_destroys.TryGetValue(d, out var set)) _destroys[d] = set = [];
                set.Add(r.Name);
            }
        }
    }

    public ApiModel Model { get; }

    /// <summary>The functions programs may call, in the model's order: the options of every choice of a function.</summary>
    public IReadOnlyList<ApiFunction> Callable { get; }

    public ApiFunction? Function(string name) => _functions.GetValueOrDefault(name);

    public bool IsThreadConfined(string resource) =>
        _resources.TryGetValue(resource, out var r) && r.Sharing == ResourceSharing.ThreadConfined;

    /// <summary>Why programs may not call <paramref name="f"/>, or null when they may.</summary>
    public static string? WhyNotCallable(ApiFunction f)
    {
        if (f.NeverCall is { } never) return $"{f.Name} must never be called: {never}";
        if (f.NotDispatchable is { } nd) return $"{f.Name} cannot be dispatched: {nd}";
        if (f.Parameters.FirstOrDefault(p => p.Role == ParameterRole.Struct) is { } s)
            return $"{f.Name} takes the struct {s.Name} by value, which the dispatcher cannot pass";
        return null;
    }

    /// <summary>The resource <paramref name="f"/> returns, when its return value is a handle.</summary>
    public static string? ReturnedResource(ApiFunction f) =>
        f.Returns.Role == ReturnRole.HandleProducer ? f.Returns.Resource : null;

    /// <summary>The resource parameter <paramref name="index"/> produces: a <c>T**</c> out-parameter or memory a
    /// producer initializes in place.</summary>
    public string? ProducedAt(ApiFunction f, int index)
    {
        var p = f.Parameters[index];
        if (p.Role == ParameterRole.HandleOut) return p.Resource;
        return _initializes.GetValueOrDefault((f.Name, index));
    }

    /// <summary>The resource parameter <paramref name="index"/> destroys: <paramref name="f"/> is one of the
    /// resource's destructors and the parameter takes that resource.</summary>
    public string? DestroyedAt(ApiFunction f, int index)
    {
        var p = f.Parameters[index];
        return p is { Role: ParameterRole.HandleIn, Resource: { } r } && _destroys.TryGetValue(f.Name, out var set) && set.Contains(r)
            ? r : null;
    }

    /// <summary>Who owns the handle <paramref name="f"/> returns, when it is borrowed.</summary>
    public static HandleOwner? BorrowedFrom(ApiFunction f) => ReturnedResource(f) is not null ? f.Returns.BorrowedFrom : null;

    /// <summary>To whom parameter <paramref name="index"/> passes its handle, when the call takes ownership of it.</summary>
    public HandleOwner? PassedTo(ApiFunction f, int index)
    {
        var p = f.Parameters[index];
        return p is { Role: ParameterRole.HandleIn, PassedTo: { } to } && DestroyedAt(f, index) is null ? to : null;
    }

    public bool IsDestructor(ApiFunction f) => Enumerable.Range(0, f.Parameters.Count).Any(i => DestroyedAt(f, i) is not null);

    /// <summary>Every resource a call of <paramref name="f"/> produces.</summary>
    public IEnumerable<string> Produced(ApiFunction f)
    {
        if (ReturnedResource(f) is { } r) yield return r;
        for (var i = 0; i < f.Parameters.Count; i++)
            if (ProducedAt(f, i) is { } p) yield return p;
    }

    /// <summary>The index of the buffer parameter a length parameter goes with, from either side of the link.</summary>
    public static int? BufferOfLength(ApiFunction f, int lengthIndex)
    {
        var p = f.Parameters[lengthIndex];
        if (p.Role != ParameterRole.Length) return null;
        if (p.BufferParameter is { } b && b >= 0 && b < f.Parameters.Count) return b;
        for (var i = 0; i < f.Parameters.Count; i++)
            if (f.Parameters[i].LengthParameter == lengthIndex) return i;
        return null;
    }
}
