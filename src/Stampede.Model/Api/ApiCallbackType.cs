namespace Stampede.Model.Api;

/// <summary>A function-pointer typedef (bound as <c>delegate* unmanaged</c>).</summary>
public sealed record ApiCallbackType(string Name, string CType);
