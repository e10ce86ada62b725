namespace Stampede.Cli;

/// <summary>The exit codes of every command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The run found something (findings, a reproduced crash).</summary>
    public const int Findings = 1;
    /// <summary>Usage or configuration error, with a one-line message.</summary>
    public const int UsageError = 2;
}
