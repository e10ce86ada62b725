namespace Stampede.Harnesses;

/// <summary>A harness that cannot be used: missing, unreadable, or naming a library that cannot be found.
/// The CLI reports its message on one line and exits with 2.</summary>
public sealed class HarnessException(string message) : Exception(message);
