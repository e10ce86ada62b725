using System.Diagnostics;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Harnesses.Preconditions;
using Stampede.Model.Api;
using Stampede.Model.Programs;
using Stampede.Oracles.Process;
using Stampede.Worker;

namespace Stampede.Campaigns.Learning;

/// <summary>
/// Learns, before any race is hunted, what each function needs of its arguments to survive one caller: calls with
/// generated arguments run single-threaded in a worker (<see cref="LearningOptions.CallsPerRun"/> a run); a call that
/// kills or hangs the worker is found (the call board names it, else each call is run alone), its arguments are
/// replaced one at a time by a conservative value (<see cref="ConservativeArguments"/>) until it survives, and the
/// offending one is narrowed to a rule: not null, a buffer of at least N bytes (bisected), an output buffer rather than
/// a string literal, an integer within a bound (bisected). A call that no argument saves is never called. Later probes
/// run inside the rules learned so far, so they look for what is left. Docs: docs/preconditions.md.
/// </summary>
public sealed class PreconditionLearner
{
    readonly Harness harness;
    readonly Reproducer reproducer;
    readonly Func<bool> outOfTime;
    readonly List<LearnedRule> rules = [];

    PreconditionLearner(Harness harness, Reproducer reproducer, Func<bool> outOfTime) =>
        (this.harness, this.reproducer, this.outOfTime) = (harness, reproducer, outOfTime);

    /// <summary>Thrown by <see cref="Run"/> once the budget is spent: the function being learned is left with the rules
    /// it had, since a bisection or a chain of crashing runs (a worker restart each) would otherwise go on past it.</summary>
    sealed class BudgetSpent : Exception;

    /// <summary>Learns the preconditions of every callable function of <paramref name="harness"/> (its model without
    /// learned rules) within the budget; <paramref name="progress"/> hears one line per function.</summary>
    /// <exception cref="HarnessException">A worker could not start.</exception>
    public static LearnedPreconditions Learn(Harness harness, WorkerLaunch launch, LearningOptions options, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var reproducer = new Reproducer(harness, Checked(launch), options.Hang);
        var learner = new PreconditionLearner(harness, reproducer, () => clock.Elapsed >= options.Budget);
        var notProbed = new List<string>();
        int probed = 0;
        var callable = harness.Model.Functions.Where(f => f.NeverCall is null && f.NotDispatchable is null).ToList();
        foreach (var f in callable)
        {
            if (clock.Elapsed >= options.Budget)
            {
                notProbed.Add(f.Name);
                continue;
            }
            probed++;
            int before = learner.rules.Count;
            bool stopped = false;
            try { learner.LearnFunction(f); }
            catch (BudgetSpent) { stopped = true; }
            var learned = learner.rules.Skip(before).Select(r => $"{r.Function}{(r.Parameter is null ? "" : "." + r.Parameter)}: {r.Why}").ToList();
            progress?.Invoke($"{probed}/{callable.Count} {f.Name}: {(learned.Count == 0 ? "no precondition" : string.Join("; ", learned))}" +
                             $"{(stopped ? " (stopped: budget spent)" : "")} ({clock.Elapsed.TotalSeconds:0}s)");
        }
        return new LearnedPreconditions(LearnedPreconditions.CurrentSchemaVersion, harness.Library, PreconditionsFile.ApiSha256(harness.Directory),
            Math.Round(clock.Elapsed.TotalSeconds, 1), probed, notProbed, learner.rules);
    }

    /// <summary>Workers of the learning phase run with glibc's checking allocator, so a call that writes past the end of
    /// its buffer by one byte aborts when the run frees it, instead of corrupting the heap silently.</summary>
    static WorkerLaunch Checked(WorkerLaunch launch)
    {
        const string debugMalloc = "libc_malloc_debug.so.0";
        var environment = new Dictionary<string, string>(launch.Environment ?? new Dictionary<string, string>());
        // A sanitizer's runtime checks memory better, and must come first in LD_PRELOAD: leave it alone.
        if (environment.ContainsKey("LD_PRELOAD")) return launch;
        environment["LD_PRELOAD"] = debugMalloc;
        environment["MALLOC_CHECK_"] = "3";
        return launch with { Environment = environment };
    }

    ApiModel Model => PreconditionsFile.Apply(harness.Model, rules);

    void LearnFunction(ApiFunction function)
    {
        // Null strings are rare among generated arguments (one in GenerationOptions.NullStringOneIn), so a function that
        // dereferences one unchecked would mostly go unnoticed: each string parameter is tried null once, on purpose.
        foreach (var probe in NullProbes(Model, function.Name))
            if (!LearnFrom(probe, function.Name)) return;
        for (int run = 0; run < LearningOptions.RunsPerFunction; run++)
        {
            var model = Model;
            if (model.Function(function.Name) is not { NeverCall: null }) return;
            // Seeded by the function's name and the run: the same harness learns the same rules.
            var program = ProbeGenerator.Probe(model, function.Name, LearningOptions.CallsPerRun, StableSeed(function.Name) + run);
            if (program is null || !LearnFrom(program, function.Name)) return;
        }
    }

    /// <summary>Runs <paramref name="program"/> and learns the rule its failure shows, if any; false when learning the
    /// function should stop (the rule found was already known, so the probes kept to it and still failed: it does not
    /// explain this failure, and learning it twice would not either).</summary>
    bool LearnFrom(ConcurrentProgram program, string function)
    {
        if (Run(program) is not { } failure) return true;
        if (Isolate(program, failure, function) is not var (failing, outcome)) return true;
        if (Explain(failing, outcome) is not { } rule) return true;
        if (rules.Any(r => r.Function == rule.Function && r.Parameter == rule.Parameter && r.Domain == rule.Domain && r.NeverCall == rule.NeverCall)) return false;
        rules.Add(rule);
        return true;
    }

    /// <summary>One probe per string parameter of <paramref name="function"/> not yet known to need a value: a single
    /// generated call (with its producers) whose argument there is null.</summary>
    static IEnumerable<ConcurrentProgram> NullProbes(ApiModel model, string function)
    {
        if (model.Function(function) is not { NeverCall: null } f) yield break;
        if (ProbeGenerator.Probe(model, function, 1, StableSeed(function)) is not { } probe) yield break;
        var call = probe.Threads[0].Calls[^1];
        for (int i = 0; i < f.Parameters.Count; i++)
            if (f.Parameters[i] is { Role: ParameterRole.StringIn, Domain: null or { NotNull: not true } } && call.Arguments[i] is not NullArgument)
                yield return WithLast(probe, ConservativeArguments.Replace(call, f, i, NullArgument.Instance));
    }

    /// <summary>A program whose last call is the failing one, with only the calls that make its handles before it; null
    /// when no call fails on its own (the failure needed several calls, or did not come back).</summary>
    (ConcurrentProgram Program, string Outcome)? Isolate(ConcurrentProgram program, ProbeOutcome failure, string function)
    {
        var calls = program.Threads[0].Calls;
        // The call in flight first; then each call of the function, since a write past a buffer may kill a later call
        // (the heap it corrupted), which alone then survives.
        int? inFlight = failure.CallInFlight is { } k && k < calls.Count ? k : null;
        var suspects = (inFlight is { } first ? [first] : Array.Empty<int>())
            .Concat(Enumerable.Range(0, calls.Count).Where(i => i != inFlight && calls[i].Function == function));
        foreach (int i in suspects)
        {
            var alone = Alone(program, i);
            if (Run(alone) is { } again) return Blame(alone, again.Outcome);
        }
        return null;
    }

    /// <summary>The failure may belong to a producer before the last call (a handle written past its buffer dies when
    /// the run frees it, after the call that uses it): while the calls before the last fail without it, the last of
    /// them is the one to explain. Null when they fail but no one call of them does alone.</summary>
    (ConcurrentProgram Program, string Outcome)? Blame(ConcurrentProgram alone, string outcome)
    {
        while (alone.Threads[0].Calls.Count > 1)
        {
            var calls = alone.Threads[0].Calls;
            var before = alone with { Threads = new List<ProgramThread> { new(calls.Take(calls.Count - 1).ToList()) } };
            if (Run(before) is null) break;
            var narrower = Alone(before, calls.Count - 2);
            if (Run(narrower) is not { } failure) return null;
            (alone, outcome) = (narrower, failure.Outcome);
        }
        return (alone, outcome);
    }

    /// <summary>Call <paramref name="index"/> of the one thread, after the calls that produce the handles it uses.</summary>
    static ConcurrentProgram Alone(ConcurrentProgram program, int index)
    {
        var calls = program.Threads[0].Calls;
        var keep = new SortedSet<int> { index };
        var needed = new Stack<int>([index]);
        while (needed.Count > 0)
            foreach (var h in calls[needed.Pop()].Arguments.OfType<HandleArgument>())
                for (int j = 0; j < calls.Count; j++)
                    if (Produces(calls[j], h.Handle) && keep.Add(j)) needed.Push(j);
        return program with { Setup = new List<Call>(), Threads = new List<ProgramThread> { new(keep.Select(i => calls[i]).ToList()) } };
    }

    static bool Produces(Call call, int handle) =>
        call.Result == handle || call.Arguments.Any(a => a is HandleOutArgument o && o.Handle == handle);

    /// <summary>The rule that explains why the last call of <paramref name="failing"/> died.</summary>
    LearnedRule? Explain(ConcurrentProgram failing, string outcome)
    {
        var model = harness.Model;
        var call = failing.Threads[0].Calls[^1];
        var f = model.Function(call.Function)!;
        var candidates = Enumerable.Range(0, f.Parameters.Count)
            .Where(i => f.Parameters[i].BufferParameter is null && ConservativeArguments.For(f.Parameters[i], model) is { } safe && safe != call.Arguments[i])
            .ToList();
        var failingText = ProgramText.Print(failing);
        var allSafe = candidates.Aggregate(call, (c, i) => ConservativeArguments.Replace(c, f, i, ConservativeArguments.For(f.Parameters[i], model)!));
        if (Run(WithLast(failing, allSafe)) is not null)
            return new LearnedRule(f.Name, null, null, $"{outcome} with every argument at its safest",
                $"kills the worker ({outcome}) whatever its arguments", new RuleEvidence(failingText, outcome, null));
        foreach (int i in candidates)
        {
            var safe = ConservativeArguments.Replace(call, f, i, ConservativeArguments.For(f.Parameters[i], model)!);
            if (Run(WithLast(failing, safe)) is not null) continue;
            var (domain, why, surviving) = Narrow(failing, f, i, WithLast(failing, safe));
            return domain is null ? null : new LearnedRule(f.Name, f.Parameters[i].Name, domain, null, why,
                new RuleEvidence(failingText, outcome, ProgramText.Print(surviving)));
        }
        return null;
    }

    /// <summary>The rule on argument <paramref name="i"/> of the last call, which alone made it fail.</summary>
    (ArgumentDomain? Domain, string Why, ConcurrentProgram Surviving) Narrow(ConcurrentProgram failing, ApiFunction f, int i, ConcurrentProgram safe)
    {
        var call = failing.Threads[0].Calls[^1];
        var p = f.Parameters[i];
        ConcurrentProgram With(Argument a) => WithLast(failing, ConservativeArguments.Replace(call, f, i, a));
        switch (call.Arguments[i])
        {
            case NullArgument:
                return (new ArgumentDomain(NotNull: true), "not null", safe);
            case OutputBufferArgument or StringArgument or InputBytesArgument:
            {
                bool bytes = call.Arguments[i] is InputBytesArgument;
                Argument Sized(int n) => bytes ? new InputBytesArgument(new byte[n]) : new OutputBufferArgument(n);
                // The smallest size that survives: sizes below it fail, ConservativeArguments.BufferSize survives.
                int low = 0, high = ConservativeArguments.BufferSize;
                for (int step = 0; step < LearningOptions.MaxBisectionSteps && high - low > 1; step++)
                {
                    int mid = low + (high - low) / 2;
                    if (Run(With(Sized(mid))) is null) high = mid;
                    else low = mid;
                }
                bool literal = call.Arguments[i] is StringArgument;
                return (new ArgumentDomain(MinSize: high, Writable: literal ? true : null),
                    literal ? $"an output buffer of at least {high} bytes, not a string literal" : $"a buffer of at least {high} bytes", With(Sized(high)));
            }
            case IntegerArgument { Value: var v }:
            {
                // 0 survives and v does not: the bound between them, on v's side.
                Int128 good = 0, bad = v;
                for (int step = 0; step < LearningOptions.MaxBisectionSteps && Int128.Abs(bad - good) > 1; step++)
                {
                    var distance = Int128.Abs(bad - good);
                    // Far apart, square roots first: a 64-bit range shrinks to a few steps.
                    Int128 offset = distance > 65536 ? (Int128)Math.Sqrt((double)distance) : distance / 2;
                    var mid = good + (bad > good ? offset : -offset);
                    if (Run(With(new IntegerArgument((long)mid))) is null) good = mid;
                    else bad = mid;
                }
                var bound = (long)good;
                return v > 0
                    ? (new ArgumentDomain(Max: bound), $"at most {bound}", With(new IntegerArgument(bound)))
                    : (new ArgumentDomain(Min: bound), $"at least {bound}", With(new IntegerArgument(bound)));
            }
            default:
                return (null, "", safe);
        }
    }

    static ConcurrentProgram WithLast(ConcurrentProgram program, Call last)
    {
        var calls = program.Threads[0].Calls.ToList();
        calls[^1] = last;
        return program with { Threads = new List<ProgramThread> { new(calls) } };
    }

    /// <summary>One single-threaded run of one repetition; how it failed, or null when it survived.</summary>
    ProbeOutcome? Run(ConcurrentProgram program)
    {
        if (outOfTime()) throw new BudgetSpent();
        var finding = reproducer.RunOnce(program, repetitions: 1, Schedule.SingleThreaded, requestSeconds: 30);
        if (finding is null) return null;
        if (finding.Crash is { } crash)
            return new ProbeOutcome(crash.Signal ?? $"exit code {crash.ExitCode}", InFlight(crash.Threads));
        if (finding.Hang is { } hang) return new ProbeOutcome("hang", InFlight(hang.Threads));
        // A memory overrun, or an oracle's verdict: the calls ran, nothing to learn about arguments.
        return null;
    }

    static int? InFlight(IReadOnlyList<ThreadPlace> threads) =>
        threads.FirstOrDefault(t => t.State == ThreadActivity.InCall) is { } t ? t.Position : null;

    static int StableSeed(string name) => name.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}
