namespace Stampede.Model.Programs;

/// <summary>
/// A call of the model's function <see cref="Function"/>. <see cref="Result"/>, when set, names the handle
/// (<c>rN = f(...)</c>) that the returned resource is bound to.
/// </summary>
public sealed record Call(string Function, EquatableList<Argument> Arguments, int? Result = null);
