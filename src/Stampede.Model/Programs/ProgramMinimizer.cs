using System.Diagnostics;
using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>How much a minimization may spend. <see cref="MaxAttempts"/> counts calls of the predicate (each one
/// costs real runs when the predicate runs programs); <see cref="Budget"/> is wall-clock time, null for none.
/// <see cref="CheckOriginal"/> first asks whether the input program itself reproduces (one attempt).</summary>
public sealed record MinimizationOptions(int MaxAttempts = 500, TimeSpan? Budget = null, bool CheckOriginal = true);

/// <summary>Why a minimization stopped.</summary>
public enum MinimizationStop
{
    /// <summary>No single step made the program smaller any more: a local minimum.</summary>
    Done,
    /// <summary><see cref="MinimizationOptions.MaxAttempts"/> predicate calls were spent.</summary>
    AttemptBudget,
    /// <summary><see cref="MinimizationOptions.Budget"/> ran out.</summary>
    TimeBudget,
    /// <summary>The input program did not satisfy the predicate, so there was nothing to keep while shrinking.</summary>
    DidNotReproduce,
}

/// <summary>The outcome: the smallest program found that still satisfied the predicate (the input when nothing
/// smaller did), how many candidates were run, and how many were skipped as already tried.</summary>
public sealed record MinimizationResult(ConcurrentProgram Original, ConcurrentProgram Program, int Attempts, int Skipped, MinimizationStop Stop)
{
    public bool Reproduced => Stop != MinimizationStop.DidNotReproduce;
    public bool Shrunk => Program != Original;
}

/// <summary>One candidate the predicate judged: which pass made it, and whether it was kept.</summary>
public sealed record MinimizationAttempt(int Number, string Pass, bool Kept, ConcurrentProgram Candidate);

/// <summary>
/// Delta debugging on programs (syzkaller's prog/minimization, libFuzzer's -minimize_crash): while
/// <c>reproduces</c> holds, drop whole threads, then runs of calls (halves, quarters, ... of each thread), then single
/// calls (with every later call that uses a handle a dropped call produced, so no candidate uses a handle that no
/// longer exists), then simplify arguments (shorter strings and
/// byte strings, smaller integers and buffers, fewer flags), and repeat until a whole round changes nothing. Every
/// candidate is validated before the predicate sees it; candidates already tried (by <see cref="ProgramHash"/>) are
/// skipped; predicate calls and time are bounded. Pure: whatever the predicate does is its own business.
/// </summary>
public sealed class ProgramMinimizer
{
    private readonly ResourceIndex _index;
    private readonly MinimizationOptions _options;

    public ProgramMinimizer(ApiModel model, MinimizationOptions? options = null)
    {
        _index = new ResourceIndex(model);
        _options = options ?? new MinimizationOptions();
        if (_options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1");
    }

    /// <summary>Minimizes <paramref name="program"/> (which must be valid: throws <see cref="ProgramValidationException"/>
    /// if not) while <paramref name="reproduces"/> holds. <paramref name="onAttempt"/> hears of every predicate call.</summary>
    public MinimizationResult Minimize(
        ConcurrentProgram program, Func<ConcurrentProgram, bool> reproduces, Action<MinimizationAttempt>? onAttempt = null)
    {
        ProgramValidator.EnsureValid(program, _index);
        var run = new Run(this, HandleNumbers.Renumber(program), reproduces, onAttempt);
        try
        {
            if (_options.CheckOriginal && !run.Judge(run.Current, "original"))
                return new MinimizationResult(program, program, run.Attempts, run.Skipped, MinimizationStop.DidNotReproduce);
            bool changed = true;
            while (changed)
            {
                changed = run.DropThreads();
                changed |= run.DropChunks();
                changed |= run.DropCalls();
                changed |= run.SimplifyArguments();
            }
        }
        catch (OutOfBudget) { }
        var result = run.Current == HandleNumbers.Renumber(program) ? program : run.Current;
        return new MinimizationResult(program, result, run.Attempts, run.Skipped, run.Stop ?? MinimizationStop.Done);
    }

    private sealed class OutOfBudget : Exception;

    private sealed class Run(ProgramMinimizer minimizer, ConcurrentProgram start, Func<ConcurrentProgram, bool> reproduces,
        Action<MinimizationAttempt>? onAttempt)
    {
        private readonly ResourceIndex _index = minimizer._index;
        private readonly MinimizationOptions _options = minimizer._options;
        private readonly HashSet<string> _tried = [ProgramHash.Of(start)];
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public ConcurrentProgram Current { get; private set; } = start;
        public int Attempts { get; private set; }
        public int Skipped { get; private set; }
        public MinimizationStop? Stop { get; private set; }

        /// <summary>Calls the predicate, within the budget.</summary>
        public bool Judge(ConcurrentProgram candidate, string pass)
        {
            if (Attempts >= _options.MaxAttempts) Stop = MinimizationStop.AttemptBudget;
            else if (_options.Budget is { } budget && _clock.Elapsed >= budget) Stop = MinimizationStop.TimeBudget;
            if (Stop is not null) throw new OutOfBudget();
            Attempts++;
            bool kept = reproduces(candidate);
            onAttempt?.Invoke(new MinimizationAttempt(Attempts, pass, kept, candidate));
            return kept;
        }

        /// <summary>Keeps <paramref name="candidate"/> when it is valid, new, and still reproduces.</summary>
        private bool Try(ConcurrentProgram? candidate, string pass)
        {
            if (candidate is null) return false;
            candidate = HandleNumbers.Renumber(candidate);
            if (ProgramValidator.Validate(candidate, _index).Count > 0) return false;
            if (!_tried.Add(ProgramHash.Of(candidate)))
            {
                Skipped++;
                return false;
            }
            if (!Judge(candidate, pass)) return false;
            Current = candidate;
            return true;
        }

        public bool DropThreads()
        {
            bool changed = false;
            for (var t = Current.Threads.Count - 1; t >= 0; t--)
                if (Current.Threads.Count > 1 && t < Current.Threads.Count)
                    changed |= Try(Current with { Threads = Current.Threads.Where((_, i) => i != t).ToList() }, "drop thread");
            return changed;
        }

        /// <summary>Delta debugging's coarse steps before single calls: runs of each thread's calls (then setup's), half
        /// of them, then quarters, down to pairs, last run first. A crash found by a campaign comes with 50 to 130 calls of
        /// which a handful matter, and every candidate costs worker runs (a restart each when it crashes), so dropping
        /// one call at a time spent a two-minute budget going from 68 calls to 45.</summary>
        public bool DropChunks()
        {
            bool changed = false;
            var lists = Enumerable.Range(0, Current.Threads.Count).Select(t => (int?)t).Append(null).ToList();
            foreach (var list in lists)
                for (int size = Count(list) / 2; size >= 2; size /= 2)
                    for (int start = Count(list) - size; start >= 0; start -= size)
                        if (start + size <= Count(list))
                            changed |= Try(WithoutRun(Current, list, start, size), "drop calls");
            return changed;
        }

        private int Count(int? list) => list is { } t && t >= Current.Threads.Count ? 0 : Current.CallsOf(list).Count;

        /// <summary>Without calls <paramref name="start"/> to <paramref name="start"/> + <paramref name="size"/> − 1 of one
        /// list, last first (removing a call removes only calls after it, so the lower indexes stay).</summary>
        private static ConcurrentProgram WithoutRun(ConcurrentProgram program, int? list, int start, int size)
        {
            for (int i = start + size - 1; i >= start; i--)
                if (i < program.CallsOf(list).Count)
                    program = CallRemoval.WithoutCall(program, new CallSite(list, i));
            return program;
        }

        /// <summary>Single calls, last first (syzkaller's order: later calls depend on earlier ones, not the other
        /// way round), threads before setup. Removing a call only removes calls after it, so the sites not yet
        /// visited keep their indexes.</summary>
        public bool DropCalls()
        {
            bool changed = false;
            var sites = Current.AllCalls().Select(c => c.Site).Reverse()
                .OrderBy(s => s.Thread is null ? 1 : 0).ToList();
            foreach (var site in sites)
            {
                if (site.Thread is { } t && t >= Current.Threads.Count || site.Index >= Current.CallsOf(site.Thread).Count) continue;
                changed |= Try(CallRemoval.WithoutCall(Current, site), "drop call");
            }
            return changed;
        }

        /// <summary>Each argument of each call replaced by the simplest value that still reproduces (a listed value,
        /// zero, a shorter string), one argument at a time.</summary>
        public bool SimplifyArguments()
        {
            bool changed = false;
            foreach (var (site, call) in Current.AllCalls().ToList())
            {
                if (_index.Function(call.Function) is not { } f) continue;
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    // Each accepted value is simpler than the last, so this ends; candidates tried before are skipped.
                    bool simplified = true;
                    while (simplified)
                    {
                        simplified = false;
                        var argument = Current[site].Arguments[i];
                        foreach (var simpler in Simpler(argument))
                        {
                            if (!Try(WithArgument(Current, site, f, i, simpler), "simplify argument")) continue;
                            simplified = changed = true;
                            break;
                        }
                    }
                }
            }
            return changed;
        }

        /// <summary>The call with argument <paramref name="i"/> replaced, and any length that goes with it taken down to
        /// the new buffer's size.</summary>
        private static ConcurrentProgram WithArgument(ConcurrentProgram program, CallSite site, ApiFunction f, int i, Argument value)
        {
            var arguments = program[site].Arguments.ToArray();
            arguments[i] = value;
            for (var l = 0; l < arguments.Length; l++)
                if (ResourceIndex.BufferOfLength(f, l) == i && arguments[l] is IntegerArgument n
                    && (BufferCapacity.Length(f.Parameters[i], value) ?? 0) is var capacity && n.Value > capacity)
                    arguments[l] = new IntegerArgument(capacity);
            var calls = program.CallsOf(site.Thread).ToArray();
            calls[site.Index] = calls[site.Index] with { Arguments = arguments };
            return site.Thread is { } t
                ? program with { Threads = program.Threads.Select((x, k) => k == t ? new ProgramThread(calls) : x).ToList() }
                : program with { Setup = calls };
        }


        /// <summary>Simpler values for an argument, simplest first. Handles, nulls and out-parameters stay.</summary>
        private static IEnumerable<Argument> Simpler(Argument argument)
        {
            var values = argument switch
            {
                StringArgument { Value.Length: > 0 } s => Shorter(s.Value.Length)
                    .Select(n => (Argument)new StringArgument(s.Value[..n])),
                InputBytesArgument { Bytes.Count: > 0 } x => Shorter(x.Bytes.Count)
                    .Select(n => (Argument)new InputBytesArgument(x.Bytes.Take(n).ToList())),
                OutputBufferArgument { Size: > 1 } b => new[] { 1, b.Size / 2, b.Size - 1 }.Where(n => n >= 1 && n < b.Size)
                    .Select(n => (Argument)new OutputBufferArgument(n)),
                IntegerArgument { Value: not 0 } n => new[] { 0, Math.Sign(n.Value), n.Value / 2, n.Value - Math.Sign(n.Value) }
                    .Where(v => Math.Abs((double)v) < Math.Abs((double)n.Value))
                    .Select(v => (Argument)new IntegerArgument(v)),
                FloatArgument { Value: not 0.0 } d => new[] { 0.0, 1.0 }.Where(v => !(Math.Abs(d.Value) <= v))
                    .Select(v => (Argument)new FloatArgument(v)),
                EnumArgument { Members.Count: > 1 } e => e.Members.Select((_, k) =>
                    (Argument)new EnumArgument(e.Members.Where((_, j) => j != k).ToList())),
                _ => [],
            };
            return values.Distinct();
        }

        /// <summary>Shorter lengths, shortest first: empty, half, one less.</summary>
        private static IEnumerable<int> Shorter(int length) =>
            new[] { 0, length / 2, length - 1 }.Where(n => n >= 0 && n < length);
    }
}
