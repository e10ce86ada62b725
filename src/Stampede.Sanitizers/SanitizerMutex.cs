namespace Stampede.Sanitizers;

/// <summary>A mutex a report names (<c>M0</c>), its address if printed, and where it was created if the report says.</summary>
public sealed record SanitizerMutex(string Id, string? Address, IReadOnlyList<SanitizerFrame> CreationStack);
