namespace Stampede.Model.Api;

/// <summary>
/// A bound function. <see cref="Index"/> is its position in <see cref="ApiModel.Functions"/> and the index the
/// generated dispatcher takes. <see cref="NeverCall"/> (a reason) marks functions programs must not call;
/// <see cref="NotDispatchable"/> (a reason) those the dispatcher cannot call with 64-bit slots.
/// <see cref="Nondeterministic"/> (a reason): results differ between runs by design, so oracles do not compare them.
/// <see cref="OrderInsensitive"/> (a reason): the result does not depend on the order of other calls and the call
/// changes no state other calls observe (a version query, a checksum of its arguments), so the linearizability
/// search places it without trying orders.
/// <see cref="KeepCalling"/> (a reason, from the config): no learned precondition applies to it (docs/preconditions.md).
/// </summary>
public sealed record ApiFunction(
    int Index,
    string Name,
    ApiReturn Returns,
    IReadOnlyList<ApiParameter> Parameters,
    string Where,
    string? NeverCall = null,
    string? NotDispatchable = null,
    string? Nondeterministic = null,
    string? OrderInsensitive = null,
    string? KeepCalling = null);
