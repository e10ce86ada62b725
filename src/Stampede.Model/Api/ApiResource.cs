namespace Stampede.Model.Api;

/// <summary>How a function produces a resource: <c>returns</c>, <c>out-parameter</c> (a <c>T**</c>, see
/// <see cref="Parameter"/>), or <c>initializes</c> (fills caller-owned memory in place, like <c>deflateInit_</c>).</summary>
public sealed record ResourceProducer(string Function, string How, int? Parameter = null);

/// <summary>
/// A resource in syzkaller's sense: a handle type with the functions that produce, use and destroy it.
/// <see cref="Opaque"/>: the C type is only forward-declared, so the bindings wrap it in a distinct handle type.
/// </summary>
public sealed record ApiResource(
    string Name,
    string CType,
    bool Opaque,
    IReadOnlyList<ResourceProducer> Producers,
    IReadOnlyList<string> Consumers,
    IReadOnlyList<string> Destructors,
    ResourceSharing Sharing,
    string Why);
