namespace Stampede.Cli;

/// <summary>
/// The prefixes of every line the commands print, so that people and scripts can grep them: <c>INFO:</c> for what is
/// happening, <c>WARNING:</c> for what went wrong without stopping the command (both on standard error for warnings),
/// and <c>error:</c> for what stopped it (exit code 2). Result lines name what they report (<c>NEW:</c>, <c>HIT:</c>,
/// <c>DONE:</c>, <c>SUMMARY:</c>, <c>TRIAGE:</c>, <c>MINIMIZED:</c>, <c>JUDGED:</c> (a gate's verdict on one finding), <c>PREFLIGHT:</c>, <c>PROGRESS:</c>).
/// </summary>
internal static class Output
{
    public const string ErrorPrefix = "error: ";

    public static void Info(string message) => Console.WriteLine("INFO: " + message);

    public static void Warning(string message) => Warning(Console.Error, message);

    public static void Warning(TextWriter writer, string message) => writer.WriteLine("WARNING: " + message);

    /// <summary>One line, whatever the message holds: a worker's or the loader's own message may run over several.</summary>
    public static void Error(TextWriter writer, string message) =>
        writer.WriteLine(ErrorPrefix + string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
}
