using System.Diagnostics;

namespace Stampede.Campaigns;

/// <summary>
/// A campaign's scratch directory in the temporary folder, <c>stampede-&lt;pid&gt;</c>: its workers' call boards and
/// crash reports. The campaign removes it however it ends, short of being killed; a campaign starting removes those
/// left by processes that no longer run (a live one's, or a reused process id's, stays).
/// </summary>
public static class ScratchDirectory
{
    const string Prefix = "stampede-";

    public static string ForThisProcess() => Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}");

    public static void RemoveLeftovers()
    {
        string[] directories;
        try { directories = Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (string directory in directories)
            if (int.TryParse(Path.GetFileName(directory)[Prefix.Length..], out int pid) && pid != Environment.ProcessId && !IsRunning(pid))
                Remove(directory);
    }

    /// <summary>Removes a scratch directory; one that cannot be removed is left for the next campaign to try.</summary>
    public static void Remove(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; } // it ended while we looked
        catch (System.ComponentModel.Win32Exception) { return true; } // cannot tell: leave its directory alone
    }
}
