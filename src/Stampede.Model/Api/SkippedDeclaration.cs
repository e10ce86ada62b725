namespace Stampede.Model.Api;

/// <summary>A declaration that was not bound, and why (variadic, bitfield, union, excluded by config, ...).</summary>
public sealed record SkippedDeclaration(string Name, string Kind, string Reason, string Where);
