namespace Stampede.Findings;

/// <summary>
/// The corpus directory cannot be used (missing where it must exist, not writable, held by another campaign).
/// <see cref="Path"/> names the directory or file at fault; the CLI prints the message on one line and exits 2.
/// </summary>
public sealed class CorpusException(string path, string message, Exception? inner = null)
    : Exception($"{path}: {message}", inner)
{
    public string Path { get; } = path;
}
