namespace Stampede.Model.Api;

/// <summary>Values worth passing for a parameter: an integer range, a subset of enum members, or strings.
/// Set only from the config; absent means "derive from the type".</summary>
public sealed record ArgumentDomain(long? Min = null, long? Max = null, IReadOnlyList<string>? EnumMembers = null, IReadOnlyList<string>? Strings = null);
