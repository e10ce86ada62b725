using Stampede.Campaigns;
using Stampede.Campaigns.Systematic;
using Stampede.Worker;
using Stampede.Execution.Systematic;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede repro --mode systematic</c>. A finding with a schedule (<c>schedule.json</c>) has its trace replayed
/// <c>--runs</c> times, each in a worker, and every replay must show the finding again. A finding or program without
/// one (found by stress mode) is explored first: Coyote's strategy searches up to <c>--iterations</c> schedules for the
/// same failure; the first schedule that shows it is stored with the finding (or beside the program file, as
/// <c>NAME.schedule.json</c>) and then replayed the same way.
/// </summary>
internal static class SystematicRepro
{
    public static int Run(ProgramTarget loaded, Reproducer reproducer, int runs, int iterations, string strategy, int seed)
    {
        var program = loaded.Program;
        // A finding keeps its schedule in its directory; a program file gets one beside it.
        string scheduleFile = loaded.FindingDirectory is { } dir
            ? Path.Combine(dir, CorpusLayout.ScheduleFile)
            : Path.ChangeExtension(loaded.File, ".schedule.json");
        RecordedSchedule schedule;
        if (File.Exists(scheduleFile))
        {
            schedule = ScheduleFile.Read(scheduleFile);
            // The schedule belongs to the program as it ran, not to its minimized form.
            if (loaded.FindingDirectory is { } finding)
                program = ProgramText.Parse(Stampede.Findings.FindingDirectory.Load(finding).Finding.Program, reproducer.Harness.Model);
            Output.Info($"replaying {scheduleFile} ({schedule.Strategy}, seed {schedule.Seed}, found at iteration {schedule.Iteration}) {runs} time(s)");
        }
        else
        {
            Output.Info($"exploring up to {iterations} schedule(s) of {loaded.File} with the {strategy} strategy (Coyote's, or the scheduling runtime's for a schedule build), seed {seed}" +
                              (loaded.Signature is null ? "" : $", looking for {loaded.Signature}"));
            var found = reproducer.RunSystematic(program, iterations, new SystematicRequest(strategy), seed);
            if (found is null || found.Schedule is null || (loaded.Signature is { } wanted && !found.Shows(wanted)))
            {
                Console.WriteLine(found is null
                    ? $"SUMMARY: no schedule among {iterations} shows it"
                    : $"SUMMARY: the schedules showed {found.Signature}{(found.Schedule is null ? " (not traced)" : "")}, not {loaded.Signature}");
                return ExitCodes.Ok;
            }
            schedule = found.Schedule;
            Console.WriteLine($"FOUND: {found.Signature} at iteration {schedule.Iteration} ({schedule.Strategy}, seed {schedule.Seed})");
            if (loaded.FindingDirectory is not null) loaded.Update(store => store.SetSchedule(found.Signature, ScheduleFile.Write(schedule)), "schedule");
            else
            {
                AtomicFile.WriteAllText(scheduleFile, ScheduleFile.Write(schedule));
                Output.Info($"schedule written to {scheduleFile}");
            }
        }

        int reproduced = 0;
        string? signature = loaded.Signature;
        for (int run = 1; run <= runs; run++)
        {
            var finding = reproducer.RunSystematic(program, 1, new SystematicRequest(SystematicStrategy.Random, Trace: schedule.Trace), seed);
            signature ??= finding?.Signature;
            bool same = finding is not null && finding.Shows(signature!);
            if (same) reproduced++;
            Console.WriteLine($"replay {run}: {finding?.Signature ?? "clean"}");
        }
        Console.WriteLine($"SUMMARY: reproduced {reproduced}/{runs} ({(double)reproduced / runs:P0}) by replaying the schedule");
        return reproduced > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
