namespace Stampede.Benchmarks.Engine;

/// <summary>One line about the machine: what <c>nproc</c>, <c>uname -r</c> and /proc/cpuinfo's model name say.</summary>
static class Machine
{
    public static string Describe()
    {
        string kernel = Read("/proc/sys/kernel/osrelease")?.Trim() ?? Environment.OSVersion.VersionString;
        string cpu = Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"{Environment.ProcessorCount} cores (nproc), Linux {kernel}, {cpu}";
    }

    /// <summary>The 1-minute load average (/proc/loadavg's first field): how many threads wanted the cores, this
    /// benchmark's included; null where there is no such file.</summary>
    public static string? LoadAverage() => Read("/proc/loadavg")?.Split(' ')[0];

    static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
