namespace Stampede.Model.Programs;

/// <summary>The calls one thread makes, in order. A thread's number is its position in the program.</summary>
public sealed record ProgramThread(EquatableList<Call> Calls);
