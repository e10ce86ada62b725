using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Workers;
using Stampede.Model.Programs;

namespace Stampede.Campaigns;

/// <summary>How often a program showed the failure asked for, over several runs in worker processes.</summary>
public sealed record ReproductionResult(int Runs, int Reproduced, CampaignFinding? Example, IReadOnlyDictionary<string, int> Others)
{
    public double Rate => Runs == 0 ? 0 : (double)Reproduced / Runs;
}

/// <summary>
/// Runs one program again and again, each run a request of many repetitions to a worker (replaced when it dies or
/// hangs), and counts the runs that show <paramref name="signature"/> (any failure when null). Other failures are
/// counted apart: a program can show more than one bug.
/// </summary>
public static class Reproduction
{
    public static ReproductionResult Run(
        Harness harness, ConcurrentProgram program, string? signature, int runs, int repetitions, TimeSpan hang,
        WorkerLaunch launch, Action<int, CampaignFinding?>? onRun = null)
    {
        string text = ProgramText.Print(program);
        string scratch = Directory.CreateTempSubdirectory("stampede-repro-").FullName;
        var symbolizer = Symbolizer.For(harness.LibraryPath);
        var others = new Dictionary<string, int>();
        CampaignFinding? example = null;
        int reproduced = 0;
        WorkerProcess? worker = null;
        try
        {
            for (int run = 1; run <= runs; run++)
            {
                worker ??= WorkerProcess.StartReady(launch, harness, scratch, symbolizer);
                var request = new WorkerRequest(run, text, repetitions, 0.3, run, hang.TotalSeconds);
                var result = worker.Run(request, program.Threads.Count, WorkerProcess.StallFor(hang));
                if (result is ProgramResult.Rejected rejected) throw new HarnessException($"the program does not run: {rejected.Error}");
                var finding = CampaignFinding.From(result, text, harness);
                if (finding is not null && (signature is null || finding.Signature == signature))
                {
                    reproduced++;
                    example ??= finding;
                }
                else if (finding is not null) others[finding.Signature] = others.GetValueOrDefault(finding.Signature) + 1;
                onRun?.Invoke(run, finding);
                if (worker.HasExited || result is ProgramResult.Crashed or ProgramResult.Hung)
                {
                    worker.Dispose();
                    worker = null;
                }
            }
        }
        finally
        {
            worker?.Dispose();
            Directory.Delete(scratch, recursive: true);
        }
        return new ReproductionResult(runs, reproduced, example, others);
    }
}
