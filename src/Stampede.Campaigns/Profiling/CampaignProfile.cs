using System.Diagnostics;
using Stampede.Execution.Profiling;

namespace Stampede.Campaigns.Profiling;

/// <summary>
/// Where a campaign's time went, summed over its jobs: starting workers, the worker's own phases
/// (<see cref="WorkPhase"/>, as each response reports them), the rest of each request's round trip (messages, the
/// worker's unmeasured work), and the supervisor's own work between programs (generation, writing the program in
/// flight, reporting findings). Thread-safe: every job adds to it.
/// </summary>
public sealed class CampaignProfile
{
    readonly object gate = new();
    readonly Dictionary<WorkPhase, PhaseTime> workerPhases = [];
    double workerStarts, roundTrips, jobs;

    public void AddWorkerStart(TimeSpan took) { lock (gate) workerStarts += took.TotalMilliseconds; }

    public void AddRequest(TimeSpan roundTrip, IReadOnlyDictionary<WorkPhase, PhaseTime> phases)
    {
        lock (gate)
        {
            roundTrips += roundTrip.TotalMilliseconds;
            foreach (var (phase, time) in phases) workerPhases[phase] = workerPhases.TryGetValue(phase, out var sum) ? sum.Plus(time) : time;
        }
    }

    public void AddJob(TimeSpan took) { lock (gate) jobs += took.TotalMilliseconds; }

    /// <summary>The rows of the breakdown, largest first: a name, its milliseconds and its share of all jobs' time.</summary>
    public IReadOnlyList<ProfileRow> Rows()
    {
        lock (gate)
        {
            double measured = workerPhases.Values.Sum(p => p.Milliseconds);
            var rows = workerPhases.Select(p => (Name: PhaseName(p.Key), Ms: p.Value.Milliseconds, Count: (long?)p.Value.Count)).ToList();
            rows.Add(("worker start", workerStarts, null));
            rows.Add(("messages and unmeasured worker work", Math.Max(0, roundTrips - measured), null));
            rows.Add(("supervisor between programs (generation, findings, attribution)", Math.Max(0, jobs - roundTrips - workerStarts), null));
            double total = Math.Max(jobs, 1e-9);
            return rows.Where(r => r.Ms > 0).OrderByDescending(r => r.Ms)
                .Select(r => new ProfileRow(r.Name, r.Ms, r.Ms / total, r.Count)).ToArray();
        }
    }

    /// <summary>Measures one span of a job: <c>using (profile.Time(d => ...))</c>.</summary>
    public static Timed Time(Action<TimeSpan> add) => new(add, Stopwatch.GetTimestamp());

    public readonly struct Timed(Action<TimeSpan> add, long start) : IDisposable
    {
        public void Dispose() => add(Stopwatch.GetElapsedTime(start));
    }

    public static string PhaseName(WorkPhase phase) => phase switch
    {
        WorkPhase.Preparing => "preparing programs (parse, threads)",
        WorkPhase.Reload => "library reload (fresh state)",
        WorkPhase.Setup => "setup calls",
        WorkPhase.Threads => "program threads (barrier, calls, recording)",
        WorkPhase.Teardown => "teardown calls",
        WorkPhase.Checking => "oracles (rendering, search, comparison)",
        WorkPhase.ReferenceRuns => "oracles' reference runs",
        WorkPhase.Finishing => "finishing (thread exit, heap walk)",
        _ => phase.ToString(),
    };
}

/// <summary>One row of a <see cref="CampaignProfile"/>: milliseconds summed over jobs, the share of their time, and for a
/// worker phase how many times it ran.</summary>
public sealed record ProfileRow(string Name, double Milliseconds, double Share, long? Count)
{
    public string Line() =>
        $"{Share,6:P1} {Milliseconds / 1000,8:F1} s  {Name}" +
        (Count is { } n and > 0 ? $" ({n:N0} x {Milliseconds * 1000 / n:F0} us)" : "");
}
