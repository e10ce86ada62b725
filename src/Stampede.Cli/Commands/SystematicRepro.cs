using Stampede.Campaigns;
using Stampede.Campaigns.Systematic;
using Stampede.Worker;
using Stampede.Execution.Systematic;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede repro --mode systematic</c>. A finding with a schedule (<c>schedule.json</c>) has its trace replayed
/// <c>--runs</c> times, each in a worker, and every replay must show the finding again. A finding or program without
/// one (found by stress mode) is explored first: Coyote's strategy, or the scheduling runtime's on a schedule build,
/// searches up to <c>--iterations</c> schedules for the same failure (<see cref="ScheduleSearch"/>: on past the
/// program's other failures, and on a schedule build the race a stress finding's key names counts as it); the first
/// schedule that shows it is stored with the finding (or beside the program file, as <c>NAME.schedule.json</c>) and
/// then replayed the same way, each replay held to the signature that schedule showed.
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
        var matches = ScheduleSearch.Matcher(loaded.Signature, reproducer);
        RecordedSchedule schedule;
        string? signature = loaded.Signature;
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
            var found = ScheduleSearch.Find(reproducer, program, iterations, strategy, seed, matches, out var other,
                f => Output.Info($"iteration {f.Schedule!.Iteration} showed {f.Signature}, not what is looked for; searching on"));
            if (found is null)
            {
                Console.WriteLine(other is null
                    ? $"SUMMARY: no schedule among {iterations} shows it"
                    : $"SUMMARY: the schedules showed {other.Signature}{(other.Schedule is null ? " (not traced)" : "")}, not {loaded.Signature}");
                return ExitCodes.Ok;
            }
            schedule = found.Schedule!;
            bool standsIn = loaded.Signature is { } key && !found.Shows(key);
            Console.WriteLine($"FOUND: {found.Signature} at iteration {schedule.Iteration} ({schedule.Strategy}, seed {schedule.Seed})" +
                              (standsIn ? $", the race {loaded.Signature} on the schedule build" : ""));
            Console.WriteLine($"{found.Kind.Name()}: {found.Summary}");
            // Replays are held to what the schedule showed: on a schedule build that is one signature every time.
            signature = found.Signature;
            matches = f => f.Shows(found.Signature);
            if (loaded.FindingDirectory is not null) loaded.Update(store => store.SetSchedule(loaded.Signature ?? found.Signature, ScheduleFile.Write(schedule)), "schedule");
            else
            {
                AtomicFile.WriteAllText(scheduleFile, ScheduleFile.Write(schedule));
                Output.Info($"schedule written to {scheduleFile}");
            }
        }

        int reproduced = 0;
        for (int run = 1; run <= runs; run++)
        {
            var finding = reproducer.RunSystematic(program, 1, new SystematicRequest(SystematicStrategy.Random, Trace: schedule.Trace), seed);
            signature ??= finding?.Signature;
            matches ??= f => f.Shows(signature!);
            if (finding is not null && matches(finding)) reproduced++;
            Console.WriteLine($"replay {run}: {finding?.Signature ?? "clean"}");
        }
        Console.WriteLine($"SUMMARY: reproduced {reproduced}/{runs} ({(double)reproduced / runs:P0}) by replaying the schedule");
        return reproduced > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
