using Stampede.Model;
using System.Diagnostics;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Worker;

namespace Stampede.Benchmarks.Engine;

/// <summary>One death of a naive child: a crash (its signal) or a hang, with the API functions it points at.</summary>
public sealed record NaiveEvent(double Seconds, string Kind, IReadOnlyList<string> Functions, IReadOnlyList<RaceGroup> Groups);

public sealed record NaiveResult(string Library, int Seed, IReadOnlyDictionary<string, NaiveEvent> Detected, IReadOnlyList<NaiveEvent> Events);

/// <summary>
/// Supervises the naive baseline (<see cref="NaiveWorker"/>) for one library and seed: starts the child, and when it
/// dies (crash) or one of its calls has not returned within the hang timeout (hang), records which crash or
/// deadlock group that is and starts a new child, as a campaign replaces a dead worker — until every such group of
/// the library is detected or the cap is spent. The clock runs from the first start, restarts included.
/// </summary>
public static class NaiveRun
{
    public const int Threads = 4;

    public static NaiveResult Run(Contracts contracts, string library, string harness, IReadOnlyList<string> functionNames,
        int seed, TimeSpan cap, TimeSpan hang, WorkerLaunch self, Action<string> log)
    {
        var wanted = contracts.GroupsOf(library).Where(g => g.Failure is "crash" or "deadlock").ToArray();
        var detected = new Dictionary<string, NaiveEvent>();
        var events = new List<NaiveEvent>();
        string scratch = Directory.CreateTempSubdirectory("stampede-bench-naive-").FullName;
        string boardPath = Path.Combine(scratch, "board");
        var clock = Stopwatch.StartNew();
        for (int start = 0; clock.Elapsed < cap && !wanted.All(g => detected.ContainsKey(g.Name)); start++)
        {
            File.Delete(boardPath); // a dead child's board would show its last calls as still running
            using var child = Start(self, harness, SeedMix.Of(seed, start), boardPath, scratch);
            var death = Watch(child, boardPath, scratch, functionNames, clock, cap, hang);
            if (death is null) break; // the cap ran out with the child alive
            var (kind, functions) = death.Value;
            var groups = wanted.Where(g => g.Functions.Intersect(functions).Any() && FindingMatcher.KindFits(g, kind)).ToArray();
            var e = new NaiveEvent(clock.Elapsed.TotalSeconds, kind, functions, groups);
            events.Add(e);
            log($"  naive {library} seed {seed}: {kind} at {e.Seconds:F1}s in {string.Join(",", functions)}" +
                (groups.Length > 0 ? $" -> {string.Join(",", groups.Select(g => g.Name))}" : ""));
            foreach (var g in groups) detected.TryAdd(g.Name, e);
        }
        try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        return new NaiveResult(library, seed, detected, events);
    }

    static Process Start(WorkerLaunch self, string harness, int seed, string boardPath, string scratch)
    {
        var psi = new ProcessStartInfo(self.FileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in self.LeadingArguments) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "naive", "--harness", harness, "--seed", seed.ToString(), "--board", boardPath, "--threads", Threads.ToString() })
            psi.ArgumentList.Add(a);
        // The same crash report a campaign's worker leaves, to learn which thread crashed.
        foreach (var (k, v) in CrashReport.WorkerEnvironment(scratch)) psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the naive child");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls the child until it dies or hangs (returns what happened and where) or the cap ends (null).</summary>
    static (string Kind, IReadOnlyList<string> Functions)? Watch(Process child, string boardPath, string scratch,
        IReadOnlyList<string> functionNames, Stopwatch clock, TimeSpan cap, TimeSpan hang)
    {
        long hangTicks = (long)(hang.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (child.WaitForExit(50))
            {
                var slots = Board(boardPath);
                var crashed = CrashedOsThread(scratch, child.Id);
                var inCall = slots.Where(s => s.State == CallBoard.SlotState.InCall).ToArray();
                var at = crashed is { } tid && inCall.Any(s => s.OsThreadId == tid) ? inCall.Where(s => s.OsThreadId == tid) : inCall;
                return ("crash", Names(at, functionNames));
            }
            if (clock.Elapsed >= cap)
            {
                Kill(child);
                return null;
            }
            long now = Stopwatch.GetTimestamp();
            var stuck = Board(boardPath).Where(s => s.State == CallBoard.SlotState.InCall && now - s.Start > hangTicks).ToArray();
            if (stuck.Length > 0)
            {
                Kill(child);
                return ("hang", Names(stuck, functionNames));
            }
        }
    }

    static IReadOnlyList<string> Names(IEnumerable<CallBoard.Slot> slots, IReadOnlyList<string> functionNames) =>
        slots.Select(s => s.Function).Distinct().Select(i => i < functionNames.Count ? functionNames[i] : $"#{i}").Order().ToArray();

    static CallBoard.Slot[] Board(string path)
    {
        using var board = CallBoard.TryOpen(path);
        return board is null ? [] : Enumerable.Range(0, Threads).Select(board.Read).ToArray();
    }

    static int? CrashedOsThread(string scratch, int pid)
    {
        string report = CrashReport.PathFor(scratch, pid);
        if (!File.Exists(report)) return null;
        try { return CrashReport.CrashedThread(report)?.OsThreadId; }
        catch (InvalidDataException) { return null; }
        finally { File.Delete(report); }
    }

    static void Kill(Process child)
    {
        try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        child.WaitForExit();
    }
}
