using Stampede.Campaigns.Learning;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Harnesses.Preconditions;

namespace Stampede.Cli;

/// <summary>
/// The learning phase as commands show it: <c>stampede learn</c> always learns; <c>stampede fuzz</c> learns when the
/// harness has no preconditions.json or one learned from another api.json. Either way one INFO line says what the
/// harness knows and a WARNING line names each function learned never to be called (docs/preconditions.md).
/// </summary>
internal static class PreconditionLearning
{
    /// <summary><paramref name="harness"/> with current preconditions, learned first when <paramref name="force"/> or
    /// when it has none that are current.</summary>
    public static Harness Ensure(Harness harness, WorkerLaunch launch, LearningOptions options, bool force)
    {
        string file = Path.Combine(Path.GetFileName(harness.Directory), PreconditionsFile.FileName);
        if (!force && harness.PreconditionsCurrent)
        {
            Report(harness.Preconditions!, file, "known");
            return harness;
        }
        Output.Info($"learning argument preconditions from single-threaded calls (budget {options.Budget.TotalSeconds:0}s)" +
                    (harness.Preconditions is null ? "" : $": {file} was learned from another api.json"));
        var learned = PreconditionLearner.Learn(harness.WithoutPreconditions(), launch, options, line => Console.WriteLine("PROGRESS: learn " + line));
        PreconditionsFile.Write(harness.Directory, learned);
        Report(learned, file, "learned");
        return harness.WithPreconditions(learned);
    }

    static void Report(LearnedPreconditions learned, string file, string verb)
    {
        Output.Info($"{verb} {learned.Preconditions} preconditions of {learned.FunctionsProbed} functions in {learned.Seconds:0} s: {file}" +
                    (learned.NotProbed.Count == 0 ? "" : $" ({learned.NotProbed.Count} not probed within the budget)"));
        foreach (var rule in learned.NeverCalled)
            Output.Warning($"{rule.Function} is never called: {rule.NeverCall} (see {file}; keepCalling in stampede.json overrides it)");
    }
}
