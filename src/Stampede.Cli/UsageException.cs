namespace Stampede.Cli;

/// <summary>An invalid option value: reported on one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
