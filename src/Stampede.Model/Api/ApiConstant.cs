namespace Stampede.Model.Api;

/// <summary>A constant from a simple <c>#define</c> or an anonymous enum. <see cref="Type"/>: int, long, ulong or string.</summary>
public sealed record ApiConstant(string Name, string Type, string Value);
