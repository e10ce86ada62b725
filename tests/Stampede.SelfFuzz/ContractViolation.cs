namespace Stampede.SelfFuzz;

/// <summary>An input on which a property that must always hold did not: a bug in Stampede, not in the input.</summary>
public sealed class ContractViolation(string message) : Exception(message);
