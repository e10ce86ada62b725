namespace Stampede.Model.Api;

/// <summary>
/// Who owns a handle when the caller does not: the handle passed as parameter <see cref="Parameter"/> (zero-based)
/// of the same call, or the library itself when null. On a return (<see cref="ApiReturn.BorrowedFrom"/>) the handle is
/// borrowed from that owner (cJSON_GetObjectItem's item lives in its object's tree); on a parameter
/// (<see cref="ApiParameter.PassedTo"/>) the call passes the handle's ownership to it (cJSON_AddItemToObject's item now
/// belongs to the object). Either way the caller must never destroy the handle, and it dies with its owner.
/// <see cref="Why"/> says which rule inferred it, or that the config set it.
/// </summary>
public sealed record HandleOwner(int? Parameter, string Why);
