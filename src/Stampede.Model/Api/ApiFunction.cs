namespace Stampede.Model.Api;

/// <summary>
/// A bound function. <see cref="Index"/> is its position in <see cref="ApiModel.Functions"/> and the index the
/// generated dispatcher takes. <see cref="NeverCall"/> (a reason) marks functions programs must not call;
/// <see cref="NotDispatchable"/> (a reason) those the dispatcher cannot call with 64-bit slots.
/// </summary>
public sealed record ApiFunction(
    int Index,
    string Name,
    ApiReturn Returns,
    IReadOnlyList<ApiParameter> Parameters,
    string Where,
    string? NeverCall = null,
    string? NotDispatchable = null,
    string? Nondeterministic = null);
