namespace Stampede.Benchmarks.Engine;

/// <summary>
/// Keeps one stuck campaign from eating the whole benchmark. A campaign checks its duration only between programs,
/// so a worker that neither answers nor is declared hung holds it past its cap (seen: 7 minutes on a 60 s cap).
/// After the cap and a grace period, this kills the worker processes this benchmark started (found by parent pid
/// in /proc, killed by pid), which the campaign sees as a dead worker; the run is marked as stalled.
/// </summary>
static class OverrunGuard
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="run"/>; returns its result and whether the guard had to step in.</summary>
    public static (T Result, bool Stalled) Run<T>(Func<T> run, TimeSpan cap, Action<string> log)
    {
        var task = Task.Factory.StartNew(run, TaskCreationOptions.LongRunning);
        if (task.Wait(cap + Grace)) return (task.Result, false);
        while (!task.Wait(TimeSpan.FromSeconds(10)))
        {
            foreach (int pid in OwnWorkers())
            {
                log($"  campaign overran its cap by {Grace.TotalSeconds:F0} s: killing its worker {pid}");
                try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
            }
        }
        return (task.Result, true);
    }

    /// <summary>Child processes of this process running <c>stampede.dll worker</c>.</summary>
    static IEnumerable<int> OwnWorkers() =>
        Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
            .Where(pid => pid > 0 && IsOwnWorker(pid)).ToArray();

    static bool IsOwnWorker(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            string command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return parent == Environment.ProcessId && command.Contains("stampede.dll worker");
        }
        catch (IOException) { return false; } // the process is gone
    }
}
