namespace Stampede.Campaigns.Supervision;

/// <summary>A process's resident set, as libFuzzer's rss thread watches its own: the figure of VmRSS in
/// /proc/PID/status, read from /proc/PID/statm (its second field, in pages), which is cheaper to parse.</summary>
public static class ResidentMemory
{
    /// <summary>Megabytes resident in <paramref name="pid"/>, or null when the process is gone.</summary>
    public static long? Megabytes(int pid)
    {
        string statm;
        try { statm = File.ReadAllText($"/proc/{pid}/statm"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var fields = statm.Split(' ', 3);
        return fields.Length >= 2 && long.TryParse(fields[1], out long pages) ? pages * Environment.SystemPageSize / (1024 * 1024) : null;
    }
}
