using Stampede.Model.Api;

namespace Stampede.Bindgen.Inference;

/// <summary>A resource while it is being inferred; <see cref="ToApi"/> freezes it in function declaration order.</summary>
internal sealed class ResourceDraft(string key, string name, string cType, bool opaque)
{
    public string Key { get; } = key;
    public string Name { get; } = name;
    public List<ResourceProducer> Producers { get; } = [];
    public List<string> Consumers { get; } = [];
    public List<string> Destructors { get; } = [];
    public List<string> Why { get; } = [];
    public ResourceSharing Sharing { get; set; } = ResourceSharing.Shared;

    public ApiResource ToApi(IEnumerable<string> functionOrder)
    {
        var order = functionOrder.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        return new ApiResource(Name, cType, opaque,
            Producers.OrderBy(p => order[p.Function]).ToList(),
            Consumers.Distinct().OrderBy(c => order[c]).ToList(),
            Destructors.Distinct().OrderBy(d => order[d]).ToList(),
            Sharing, string.Join("; ", Why));
    }
}
