namespace Stampede.Campaigns.Supervision;

/// <summary>Names of the signals a worker dies of; a process killed by signal N exits with 128 + N.</summary>
public static class Signals
{
    public static string? FromExitCode(int exitCode) => exitCode switch
    {
        128 + 4 => "SIGILL",
        128 + 6 => "SIGABRT",
        128 + 7 => "SIGBUS",
        128 + 8 => "SIGFPE",
        128 + 9 => "SIGKILL",
        128 + 11 => "SIGSEGV",
        > 128 and < 128 + 65 => $"signal {exitCode - 128}",
        _ => null,
    };
}
