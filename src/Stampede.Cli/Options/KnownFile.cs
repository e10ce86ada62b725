using Stampede.Reports;

namespace Stampede.Cli.Options;

/// <summary><c>--known FILE</c> read, or a usage error naming the file (exit 2) when it cannot be.</summary>
internal static class KnownFile
{
    public static KnownFindings Read(string? path)
    {
        if (path is null) return KnownFindings.None;
        try
        {
            return KnownFindings.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--known {path}: cannot read the known-findings file ({e.Message})");
        }
    }
}
