using System.Diagnostics;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Workers;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Campaigns;

/// <summary>
/// A fuzzing campaign: <see cref="CampaignOptions.Jobs"/> loops, each feeding generated programs to its own worker
/// process. Each program is written to disk before it is sent, so a worker that dies takes nothing with it; a dead
/// or hung worker is replaced and the loop goes on. Every failure goes to <paramref name="onFinding"/>, first hit or
/// not (the finding store deduplicates by signature).
/// </summary>
public sealed class Campaign(CampaignOptions options, WorkerLaunch launch, Action<CampaignFinding> onFinding)
{
    readonly object gate = new();
    readonly Dictionary<string, string> kindBySignature = [];
    long programs, repetitions, calls;
    int restarts;
    readonly Stopwatch clock = new();

    public CampaignStatus Status()
    {
        lock (gate)
            return new CampaignStatus(clock.Elapsed, programs, repetitions, calls, restarts,
                kindBySignature.GroupBy(k => k.Value).ToDictionary(g => g.Key, g => g.Count()), kindBySignature.Count);
    }

    /// <summary>Runs until the duration or program budget is spent, or <paramref name="cancel"/> fires.</summary>
    public CampaignStatus Run(CancellationToken cancel)
    {
        var harness = Harness.Open(options.HarnessDirectory);
        string scratch = Path.Combine(Path.GetTempPath(), $"stampede-{Environment.ProcessId}");
        string inflight = Path.Combine(options.CorpusDirectory ?? Path.Combine(scratch, "corpus"), "inflight");
        Directory.CreateDirectory(inflight);
        var symbolizer = Symbolizer.For(harness.LibraryPath);
        clock.Start();
        var jobs = Enumerable.Range(0, options.Jobs)
            .Select(j => Task.Factory.StartNew(() => Job(j, harness, Path.Combine(scratch, $"job{j}"), inflight, symbolizer, cancel),
                TaskCreationOptions.LongRunning))
            .ToArray();
        Task.WaitAll(jobs);
        clock.Stop();
        try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        return Status();
    }

    void Job(int job, Harness harness, string scratch, string inflight, Symbolizer symbolizer, CancellationToken cancel)
    {
        var generator = new ProgramGenerator(harness.Model, new GenerationOptions { MaxThreads = Math.Max(2, options.Threads) });
        var worker = StartWorker(harness, scratch, symbolizer);
        try
        {
            for (long i = 0; !Done(cancel); i++)
            {
                long sequence = i * options.Jobs + job;
                var program = generator.Generate(HashCode.Combine(options.Seed, sequence));
                string text = ProgramText.Print(program);
                AtomicFile.WriteAllText(Path.Combine(inflight, $"job{job}.txt"), text);
                // A program gets at most 10 s, and never more than the campaign has left.
                double budget = Math.Clamp((options.Duration - clock.Elapsed).TotalSeconds, 0.5, 10);
                var request = new WorkerRequest(sequence, text, options.Repetitions, options.Noise, (int)sequence,
                    options.HangTimeout.TotalSeconds, budget);
                var result = worker.Run(request, program.Threads.Count, WorkerProcess.StallFor(options.HangTimeout));
                Account(result);
                if (CampaignFinding.From(result, text, harness) is { } finding) Report(finding);
                if (worker.HasExited || result is ProgramResult.Hung or ProgramResult.Crashed)
                {
                    worker.Dispose();
                    worker = StartWorker(harness, scratch, symbolizer);
                    lock (gate) restarts++;
                }
            }
        }
        finally { worker.Dispose(); }
    }

    WorkerProcess StartWorker(Harness harness, string scratch, Symbolizer symbolizer) =>
        WorkerProcess.StartReady(launch, harness, scratch, symbolizer);

    bool Done(CancellationToken cancel)
    {
        if (cancel.IsCancellationRequested || clock.Elapsed >= options.Duration) return true;
        lock (gate) return options.MaxPrograms is { } max && programs >= max;
    }

    void Account(ProgramResult result)
    {
        lock (gate)
        {
            programs++;
            repetitions += result.Repetitions;
            calls += result.Calls;
        }
    }

    void Report(CampaignFinding finding)
    {
        lock (gate) kindBySignature.TryAdd(finding.Signature, finding.Kind);
        onFinding(finding);
    }
}
