using Stampede.Model.Api;

namespace Stampede.Bindgen.Config;

/// <summary>
/// The per-library config file (stampede.json next to the harness), merged over what is inferred from the
/// headers. Every function named here must exist in the headers. Format: docs/bindgen.md. <see cref="KeepCalling"/> (function
/// to reason) drops every precondition learned for a function; a parameter's domain here wins over a learned one
/// (docs/preconditions.md).
/// </summary>
public sealed record BindgenConfig(
    IReadOnlyList<string>? Prefixes = null,
    IReadOnlyList<string>? Include = null,
    IReadOnlyList<string>? Exclude = null,
    IReadOnlyDictionary<string, string>? NeverCall = null,
    IReadOnlyDictionary<string, string>? Nondeterministic = null,
    IReadOnlyDictionary<string, FunctionOverride>? Functions = null,
    IReadOnlyDictionary<string, ResourceOverride>? Resources = null,
    IReadOnlyDictionary<string, string>? OrderInsensitive = null,
    IReadOnlyDictionary<string, string>? KeepCalling = null)
{
    public static readonly BindgenConfig Empty = new();
}

/// <summary>Overrides for one function: its return role, whose its returned handle is (<see cref="BorrowedFrom"/>, an
/// <see cref="OwnerName"/>) and, by parameter name, parameter roles and domains.</summary>
public sealed record FunctionOverride(
    ReturnRole? Returns = null,
    IReadOnlyDictionary<string, ParameterOverride>? Parameters = null,
    string? BorrowedFrom = null);

/// <summary><see cref="LengthOf"/> names the buffer parameter this one is the length of; <see cref="PassedTo"/> (an
/// <see cref="OwnerName"/>) who owns the handle after the call; <see cref="DropsOwned"/> whether the call may free or
/// detach what the handle owns.</summary>
public sealed record ParameterOverride(
    ParameterRole? Role = null,
    string? Resource = null,
    string? LengthOf = null,
    ArgumentDomain? Domain = null,
    string? PassedTo = null,
    bool? DropsOwned = null);

/// <summary>The values of "borrowedFrom" and "passedTo" that are not a parameter name.</summary>
public static class OwnerName
{
    /// <summary>The library owns the handle: the caller never destroys it, and it never dies in a program.</summary>
    public const string Library = "library";

    /// <summary>The caller owns the handle (clears what inference said).</summary>
    public const string Caller = "caller";
}

/// <summary>Declares or corrects a resource: functions that produce and destroy it, and its sharing policy.</summary>
public sealed record ResourceOverride(
    IReadOnlyList<string>? Producers = null,
    IReadOnlyList<string>? Destructors = null,
    ResourceSharing? Sharing = null);
