using Stampede.Harnesses;
using Stampede.Model.Contracts;
using Stampede.Model.Programs;
using Stampede.Worker;

namespace Stampede.Campaigns.Classification;

/// <summary>
/// Infers each function's thread-safety contract by experiment (docs/contracts.md): f ∥ f and f ∥ g for every pair of
/// the functions classified, on shared handles, on distinct handles, and on references to one object where the API
/// makes them (<see cref="ExperimentPrograms"/>), each run in every mode given (stress on the plain build, the
/// ThreadSanitizer build) until one shows a failure. A failure is then checked before it counts against the pair: run on
/// one thread (one that comes back there is a precondition or an ordinary bug, never a race), with one function's calls
/// taken out (one that stays is that function's own), and warmed up (one that goes is a first-use race, glibc's
/// <c>init</c>). <see cref="ContractVerdicts"/> turns the results into contracts.
/// </summary>
public sealed class Classifier : IDisposable
{
    readonly IReadOnlyList<ClassifyMode> modes;
    readonly ClassifyOptions options;
    readonly Reproducer[] reproducers;

    public Classifier(IReadOnlyList<ClassifyMode> modes, ClassifyOptions options)
    {
        if (modes.Count == 0) throw new ArgumentException("at least one mode", nameof(modes));
        (this.modes, this.options) = (modes, options);
        reproducers = modes.Select(m => new Reproducer(m.Harness, m.Launch, options.Hang)).ToArray();
    }

    Harness Harness => modes[0].Harness;

    /// <summary>Runs of a failed experiment's program warmed up (<see cref="ExperimentPrograms.Warmed"/>), in the mode that
    /// showed the failure: more than found it, so that a race gone when warm is gone, not missed.</summary>
    const int WarmRuns = 4;

    /// <summary>The functions classify judges by default: every one the generator may call.</summary>
    public static IReadOnlyList<string> Callable(Harness harness) => ExperimentPrograms.Callable(harness.Model);

    /// <summary>Every experiment over <paramref name="functions"/>, f ∥ f first, then the pairs; a pair on distinct
    /// handles also mixed (each thread calling both), which <see cref="Classify"/> runs only where it can blame the pair.</summary>
    public IReadOnlyList<ContractExperiment> Experiments(IReadOnlyList<string> functions)
    {
        var pairs = functions.Select(f => (f, f))
            .Concat(functions.SelectMany((f, i) => functions.Skip(i + 1).Select(g => (f, g))));
        return pairs.SelectMany(p => new[] { HandleSharing.Shared, HandleSharing.Distinct, HandleSharing.Aliased }
                .Where(s => s != HandleSharing.Aliased || ExperimentPrograms.CanAlias(Harness.Model, [p.Item1, p.Item2]))
                .SelectMany(s => p.Item1 != p.Item2 && s == HandleSharing.Distinct
                    ? new[] { new ContractExperiment(p.Item1, p.Item2, s), new ContractExperiment(p.Item1, p.Item2, s, Mixed: true) }
                    : [new ContractExperiment(p.Item1, p.Item2, s)]))
            .ToList();
    }

    /// <summary>A mixed experiment blames its pair only when neither function fails against itself and the pair failed
    /// nothing unmixed: then what fails is a call of one seeing what a call of the other left.</summary>
    static bool Worth(ContractExperiment experiment, IReadOnlyList<ExperimentResult> results) =>
        !experiment.Mixed || !results.Any(r => r.ShowsRace && (r.Experiment.F == r.Experiment.G && experiment.Involves(r.Experiment.F)
                                                               || r.Experiment with { Sharing = experiment.Sharing, Mixed = true } == experiment));

    /// <summary>Runs <paramref name="experiment"/>; null when no program of it could be made.</summary>
    /// <exception cref="HarnessException">A worker could not start.</exception>
    public ExperimentResult? Run(ContractExperiment experiment)
    {
        if (ExperimentPrograms.Pair(Harness.Model, experiment.F, experiment.G, experiment.Sharing, experiment.Mixed, options.CallsPerThread,
                options.Seed * 1_000_003 + StableHash(experiment.ToString())) is not { } program) return null;
        string text = ProgramText.Print(program);
        long repetitions = 0;
        for (int m = 0; m < modes.Count; m++)
            for (int run = 0; run < options.Runs; run++)
            {
                repetitions += options.Repetitions;
                if (reproducers[m].RunOnce(program, options.Repetitions) is not { } failure) continue;
                // A sanitizer keeps what it learned across the runs of one worker (ThreadSanitizer's lock-order graph): a
                // report naming a function this program never calls was made of an earlier experiment's calls too, so the
                // run counts only as its fresh worker's run shows.
                if (NamesOthers(failure, experiment))
                {
                    reproducers[m].Dispose();
                    reproducers[m] = new Reproducer(modes[m].Harness, modes[m].Launch, options.Hang);
                    if (reproducers[m].RunOnce(program, options.Repetitions) is not { } again || NamesOthers(again, experiment)) continue;
                    failure = again;
                }
                bool oneThread = reproducers[m].RunOnce(program, options.Repetitions, Schedule.SingleThreaded) is not null;
                // A failure of f ∥ g that stays with one function's calls taken out is the other's own: against itself (a
                // mixed experiment makes f ∥ f too), or on one thread (state the library keeps from one repetition to the
                // next). It says nothing of the pair. Tried for the function the failure names first, with more runs than
                // found it, since a race of its own may be rarer than the one seen.
                if (experiment.F != experiment.G && !oneThread)
                    foreach (var alone in Named(failure, experiment).Concat([experiment.F, experiment.G]).Distinct().Take(experiment.Mixed ? 2 : 1))
                        if (ExperimentPrograms.Without(program, experiment.Partner(alone)) is { } reduced &&
                            Enumerable.Range(0, WarmRuns).Select(_ => reproducers[m].RunOnce(reduced, options.Repetitions)).FirstOrDefault(x => x is not null) is { } own)
                            return new ExperimentResult(new ContractExperiment(alone, alone, experiment.Sharing), ProgramText.Print(reduced), own, modes[m].Name,
                                FailsOnOneThread: reduced.Threads.Count < 2, repetitions);
                bool goneWhenWarm = !oneThread && ExperimentPrograms.Warmed(Harness.Model, program) is { } warmed &&
                                    Enumerable.Range(0, WarmRuns).All(_ => reproducers[m].RunOnce(warmed, options.Repetitions) is null);
                return new ExperimentResult(experiment, text, failure, modes[m].Name, oneThread, repetitions, goneWhenWarm);
            }
        return new ExperimentResult(experiment, text, null, null, false, repetitions);
    }

    /// <summary>Classifies <paramref name="functions"/>: runs every experiment until <paramref name="outOfTime"/> says
    /// stop, then judges what was run. <paramref name="evidence"/> makes a failed experiment's evidence (it may write
    /// the program where a repro command can find it).</summary>
    public (LibraryContracts Contracts, IReadOnlyList<ExperimentResult> Results, int NotRun) Classify(
        IReadOnlyList<string> functions, Func<bool> outOfTime, Func<ExperimentResult, ContractEvidence> evidence, Action<ExperimentResult, int, int>? progress = null)
    {
        var experiments = Experiments(functions);
        var results = new List<ExperimentResult>();
        int done = 0;
        foreach (var experiment in experiments)
        {
            if (outOfTime()) break;
            done++;
            if (!Worth(experiment, results) || Run(experiment) is not { } result) continue;
            results.Add(result);
            progress?.Invoke(result, done, experiments.Count);
        }
        var contracts = ContractVerdicts.Judge(Harness.Model, functions, results, modes.Select(m => m.Name).ToList(), evidence);
        return (contracts, results, experiments.Count - done);
    }

    /// <summary>Whether <paramref name="failure"/>'s key names an API function that is neither of the experiment's.</summary>
    bool NamesOthers(CampaignFinding failure, ContractExperiment experiment) =>
        KeyNames.Functions(failure, Harness.Model).Any(name => !experiment.Involves(name));

    /// <summary>The experiment's functions that <paramref name="failure"/>'s key names, in its order.</summary>
    IEnumerable<string> Named(CampaignFinding failure, ContractExperiment experiment) => KeyNames.Functions(failure, Harness.Model).Where(experiment.Involves);

    static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff;

    public void Dispose()
    {
        foreach (var r in reproducers) r.Dispose();
    }
}
