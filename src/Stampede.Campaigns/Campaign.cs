using Stampede.Harnesses;
using Stampede.Model;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Stampede.Campaigns.Profiling;
using Stampede.Campaigns.Supervision;
using Stampede.Campaigns.Systematic;
using Stampede.Worker;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Campaigns;

/// <summary>
/// A fuzzing campaign: <see cref="CampaignOptions.Jobs"/> loops, each feeding programs to its own worker process —
/// first the corpus's (<see cref="CorpusPrograms"/>: those a killed campaign left in flight, seeds, interesting
/// ones), then generated ones, and, once the corpus has programs worth keeping, one program in
/// <see cref="MutationShare"/> a mutation of one of them (<see cref="ProgramMutator"/>, as syzkaller mutates its corpus). Each program is written to disk before it is sent and removed only once the next one
/// is there, so neither a worker that dies nor a supervisor killed with kill -9 loses it; a dead or hung worker is
/// replaced and the loop goes on. Every failure goes to <paramref name="onFinding"/>, first hit or not (the finding
/// store deduplicates by signature), a plain crash keyed by its cause when <paramref name="attribution"/> can name it.
/// What the first worker says about the library that changes how verdicts are reached
/// (its state cannot be reset) goes to <paramref name="onWarning"/>, once. One shard of several runs its share of the
/// programs (<see cref="CampaignOptions.ThisShard"/>) and, through <paramref name="sync"/>, the other shards' interesting
/// programs as they come.
/// </summary>
public sealed class Campaign(
    Harness harness, CampaignOptions options, WorkerLaunch launch, Action<CampaignFinding> onFinding, Action<string>? onWarning = null,
    Attribution.CrashAttribution? attribution = null, Sharding.ShardSync? sync = null)
{
    readonly object gate = new();
    readonly Dictionary<string, FindingKind> kindBySignature = [];
    long started, programs, repetitions, calls, hammerCalls;
    Execution.Running.Concurrency concurrency;
    int restarts;
    readonly Stopwatch clock = new();
    readonly ConcurrentQueue<CorpusProgram> corpus = new();
    // In-flight files are named per campaign, so that a leftover of an earlier one is never overwritten before it ran.
    readonly string campaignId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}";

    /// <summary>One generated program in this many is instead a mutation of a corpus program, when there is one: the
    /// rest stay fresh, since a campaign must not narrow to what its corpus already reached.</summary>
    public const int MutationShare = 4;

    /// <summary>How the time of a stress campaign is divided between generated programs and the hammer phase.</summary>
    public PhaseBalance Balance { get; } = new();

    /// <summary>Whether this campaign has a hammer phase: stress mode with it on, bounded by time (a campaign bounded by
    /// <see cref="CampaignOptions.MaxPrograms"/> runs exactly its programs).</summary>
    bool HammerPhase => options.RunMode is ProgramMode.Stress { Hammer: true } && options.MaxPrograms is null;

    /// <summary>Added to a program's sequence number for its hammer request: a number no program of the campaign has.</summary>
    const long HammerSequence = 1L << 40;

    /// <summary>The opening hammer's requests and seeds are numbered from here (<c>Opening</c>).</summary>
    const long OpeningSequence = 1L << 41;

    /// <summary>Where the campaign's time went so far (<c>fuzz --profile</c> prints it).</summary>
    public CampaignProfile Profile { get; } = new();

    /// <summary>The corpus programs this campaign runs before generating any (known once <see cref="Run"/> started).</summary>
    public IReadOnlyList<CorpusProgram> CorpusProgramsToRun { get; private set; } = [];

    public CampaignStatus Status()
    {
        lock (gate)
            return new CampaignStatus(clock.Elapsed, programs, repetitions, calls, restarts,
                kindBySignature.GroupBy(k => k.Value).ToDictionary(g => g.Key, g => g.Count()), kindBySignature.Count)
            {
                Concurrency = concurrency,
                HammerCalls = hammerCalls,
                HammerSeconds = Balance.Spent().Hammer.Seconds,
            };
    }

    /// <summary>Runs until the duration or program budget is spent, or <paramref name="cancel"/> fires. Cancelled, each
    /// job abandons the program its worker runs (the worker is killed, the program stays in flight for the next campaign)
    /// and nothing more is reported.</summary>
    /// <exception cref="HarnessException">A worker could not start (the first such failure of any job; the others stop).</exception>
    public CampaignStatus Run(CancellationToken cancel)
    {
        ScratchDirectory.RemoveLeftovers();
        string scratch = ScratchDirectory.ForThisProcess();
        try
        {
            string inflight = Path.Combine(options.CorpusDirectory ?? Path.Combine(scratch, "corpus"), CorpusPrograms.InFlight);
            Directory.CreateDirectory(inflight);
            if (options.CorpusDirectory is { } corpusDirectory)
            {
                CorpusProgramsToRun = CorpusPrograms.Load(corpusDirectory, harness.Model);
                foreach (var program in CorpusProgramsToRun) corpus.Enqueue(program);
            }
            var symbolizer = Symbolizer.For(harness.LibraryPath);
            // A job that fails stops the others, and its failure, not theirs, is what the campaign ends with.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            ExceptionDispatchInfo? failure = null;
            clock.Start();
            var jobs = Enumerable.Range(0, options.Jobs)
                .Select(j => Task.Factory.StartNew(() =>
                {
                    try { Job(j, harness, Path.Combine(scratch, $"job{j}"), inflight, symbolizer, stop.Token); }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                        stop.Cancel();
                    }
                }, TaskCreationOptions.LongRunning))
                .ToArray();
            Task.WaitAll(jobs);
            clock.Stop();
            failure?.Throw();
            return Status();
        }
        finally { ScratchDirectory.Remove(scratch); }
    }

    void Job(int job, Harness harness, string scratch, string inflight, Symbolizer symbolizer, CancellationToken cancel)
    {
        using var timed = CampaignProfile.Time(Profile.AddJob);
        var generation = new GenerationOptions { MaxThreads = Math.Max(2, options.Threads) };
        var generator = new ProgramGenerator(harness.Model, generation);
        var broad = generation.Broad(harness.Model.Functions.Count);
        bool opened = false;
        var mutator = new ProgramMutator(harness.Model, generation);
        var kept = CorpusProgramsToRun.Where(p => !p.Leftover).Select(p => p.Program).ToArray();
        string inflightFile = Path.Combine(inflight, $"{campaignId}-job{job}{CorpusLayout.ProgramExtension}");
        // Cancellation kills whichever worker runs now, so that its program is abandoned at once, not waited for.
        int running = 0;
        using var abandon = cancel.Register(() => KillProcess(Volatile.Read(ref running)));
        bool abandoned = false;
        WorkerProcess? worker = null;
        int lastFresh = 0; // new findings of the last request

        // Runs one request and deals with what came of it; null when the campaign was cancelled meanwhile.
        ProgramResult? Send(WorkerRequest request, ConcurrentProgram program, string text)
        {
            var sent = Stopwatch.GetTimestamp();
            var result = worker!.Run(request, program.Threads.Count, WorkerProcess.StallFor(options.HangTimeout));
            var roundTrip = Stopwatch.GetElapsedTime(sent);
            // When the worker answered or died, before its stacks or crash report were read.
            var seenAt = clock.Elapsed - (result.EndedAt > 0 ? Stopwatch.GetElapsedTime(result.EndedAt) : TimeSpan.Zero);
            Profile.AddRequest(roundTrip, result.Phases);
            // Whatever the worker said after cancellation (it may have been killed for it) is not a result.
            abandoned = cancel.IsCancellationRequested;
            if (abandoned) return null;
            Account(result, program.Hammer);
            var (finding, printed) = CampaignFinding.Explained(CampaignFinding.From(result, text, harness), CampaignFinding.Printed(result, text, harness));
            if (worker.HasExited || result is ProgramResult.Hung or ProgramResult.Crashed)
            {
                worker.Dispose();
                worker = StartWorker(harness, scratch, symbolizer);
                Volatile.Write(ref running, worker.ProcessId);
                lock (gate) restarts++;
                // A systematic iteration that killed its worker is traced in the new one, before it is reported.
                // A capture that failed may have left that worker dead or hung too.
                if (finding is not null && request.Systematic is not null)
                {
                    if (ScheduleCapture.Trace(worker, request, program.Threads.Count, result) is { } schedule)
                        finding = finding with { Schedule = schedule };
                    else
                    {
                        worker.Dispose();
                        worker = StartWorker(harness, scratch, symbolizer);
                        Volatile.Write(ref running, worker.ProcessId);
                    }
                }
            }
            abandoned = cancel.IsCancellationRequested;
            if (abandoned) return null;
            int fresh = 0;
            if (finding is not null && Report((attribution?.Attribute(finding, cancel) ?? finding) with { SeenAt = seenAt })) fresh++;
            // What a sanitizer that goes on reported meanwhile: the races behind the one a program failed by.
            foreach (var report in printed)
                if (Report(report with { SeenAt = seenAt })) fresh++;
            // The phase's own time: what follows a finding (a restart, attribution) is the finding's, whichever phase found it.
            if (HammerPhase) Balance.Record(program.Hammer, roundTrip, fresh);
            lastFresh = fresh;
            return result;
        }
        // One hammer round of the program (marked to be hammered, so that a finding records it so) of up to the given
        // seconds, when more than a quarter of a second is left: its result, a clean one when no time was left, and null
        // when the campaign was cancelled meanwhile.
        ProgramResult? Hammer(long sequence, ConcurrentProgram program, double seconds)
        {
            double left = (options.Duration - clock.Elapsed).TotalSeconds;
            var hammered = program with { Hammer = true };
            string text = ProgramText.Print(hammered);
            return left <= 0.25
                ? new ProgramResult.Clean(sequence, 0, 0)
                : Send(WorkerRequest.ForHammer(sequence, text, Math.Min(seconds, left), options.HangTimeout.TotalSeconds), hammered, text);
        }

        // The opening hammer's rounds, each on a broad program of its own (fixed by the seed, the job and the round). A
        // round that fails with a new finding sets the functions its threads were in aside for the next rounds, so that
        // they look for another race; a round that fails with nothing new ends the opening (it met a race already found,
        // and each such round costs a worker). False when the campaign was cancelled meanwhile.
        bool Opening(int job)
        {
            var setAside = new HashSet<string>();
            for (int round = 0; round < PhaseBalance.OpeningRounds; round++)
            {
                long sequence = OpeningSequence + options.ThisShard.Sequence((long)round * options.Jobs + job);
                var opening = new ProgramGenerator(harness.Model, broad with { SetAside = setAside.ToHashSet() })
                    .Generate(SeedMix.Of(options.Seed, sequence));
                var result = Hammer(sequence, opening, PhaseBalance.OpeningRoundSeconds);
                if (result is null) return false;
                if (result is ProgramResult.Clean) continue;
                var inFlight = InFlight(result);
                if (lastFresh == 0 || inFlight.Count == 0) return true;
                setAside.UnionWith(inFlight);
            }
            return true;
        }

        try
        {
            worker = StartWorker(harness, scratch, symbolizer);
            Volatile.Write(ref running, worker.ProcessId);
            for (long i = 0; TryStart(cancel); i++)
            {
                long index = i * options.Jobs + job, sequence = options.ThisShard.Sequence(index);
                if (sync is not null) foreach (var imported in sync.Poll()) corpus.Enqueue(imported);
                corpus.TryDequeue(out var queued);
                // Once the corpus's own programs have run, the opening hammer: a few broad programs, a short round each.
                if (queued is null && HammerPhase && !opened)
                {
                    opened = true;
                    if (!Opening(job)) break;
                }
                var program = queued?.Program ?? Next(generator, mutator, kept, sequence, index);
                // A program the hammer phase found a failure with is hammered again, in stress mode (which hammers).
                if (program.Hammer && !HammerPhase) program = program with { Hammer = false };
                string text = ProgramText.Print(program);
                AtomicFile.WriteAllText(inflightFile, text);
                if (queued is { Leftover: true }) File.Delete(queued.File); // it is in flight again, under our name
                // A program gets at most 10 s, and never more than the campaign has left.
                double budget = Math.Clamp((options.Duration - clock.Elapsed).TotalSeconds, 0.5, 10);
                if (Send(Request(sequence, text, budget), program, text) is not { } result) break;
                // Then, when the hammer phase is behind its share of the time, the same program's calls hammered: a
                // program that ran clean (one that failed would mostly fail the same way again).
                if (HammerPhase && result is ProgramResult.Clean && Balance.HammerNext() && Hammer(HammerSequence + sequence, program, PhaseBalance.HammerSeconds) is null) break;
            }
        }
        // A worker killed by cancellation fails to start, or to answer: the campaign is stopping anyway.
        catch (HarnessException) when (cancel.IsCancellationRequested) { abandoned = true; }
        finally { worker?.Dispose(); }
        // Finished normally (a kill leaves the file for the next campaign to run first, and so does an abandoned program).
        if (!abandoned) File.Delete(inflightFile);
    }

    /// <summary>The functions a failed run's threads were in when it crashed, hung or outgrew its memory.</summary>
    static IReadOnlyList<string> InFlight(ProgramResult result) => (result switch
    {
        ProgramResult.Crashed c => c.Evidence.Threads,
        ProgramResult.Hung h => h.Evidence.Threads,
        ProgramResult.OutOfMemory m => m.Evidence.Threads,
        _ => [],
    }).Where(t => t.State == Oracles.Process.ThreadActivity.InCall).Select(t => t.Function).OfType<string>().Distinct().ToArray();

    static void KillProcess(int pid)
    {
        if (pid == 0) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { } // gone already
    }

    /// <summary>A generated program, or for one in <see cref="MutationShare"/> of this campaign's own (its
    /// <paramref name="index"/>, which a shard counts apart from its sequence number) when the corpus kept programs, a
    /// mutation of one of them; both are fixed by the campaign's seed and the program's sequence number.</summary>
    ConcurrentProgram Next(ProgramGenerator generator, ProgramMutator mutator, ConcurrentProgram[] kept, long sequence, long index)
    {
        int seed = SeedMix.Of(options.Seed, sequence);
        if (kept.Length == 0 || index % MutationShare != MutationShare - 1) return generator.Generate(seed);
        var choices = new RandomChoiceSource(seed);
        // A mutation is a program of its own, run under stress, even when it came from one the hammer phase found.
        return mutator.Mutate(choices.Pick(kept), choices).Program with { Hammer = false };
    }

    WorkerRequest Request(long sequence, string program, double budgetSeconds) => options.RunMode switch
    {
        ProgramMode.Systematic s => WorkerRequest.ForSystematic(sequence, program, s.Iterations, (int)sequence, options.HangTimeout.TotalSeconds,
            budgetSeconds, new SystematicRequest(s.Strategy)),
        ProgramMode.Stress s => WorkerRequest.ForStress(sequence, program, s.Repetitions, s.Noise, (int)sequence, options.HangTimeout.TotalSeconds,
            budgetSeconds),
        _ => throw new InvalidOperationException(),
    };

    int warnedCarriedState;

    WorkerProcess StartWorker(Harness harness, string scratch, Symbolizer symbolizer)
    {
        WorkerProcess worker;
        using (CampaignProfile.Time(Profile.AddWorkerStart)) worker = WorkerProcess.StartReady(launch, harness, scratch, symbolizer);
        if (!worker.Hello.ReloadsCleanly && Interlocked.Exchange(ref warnedCarriedState, 1) == 0)
            onWarning?.Invoke($"{harness.Library} cannot be unloaded (the C library, one the process already loaded, or one marked " +
                              "NODELETE): its state carries over from one repetition to the next, so results that depend on it are not " +
                              "judged by linearizability (isolation only); each finding says which judgement it used");
        return worker;
    }

    /// <summary>Takes the next program slot, or false when the duration or the program budget is spent.</summary>
    bool TryStart(CancellationToken cancel)
    {
        if (cancel.IsCancellationRequested || clock.Elapsed >= options.Duration) return false;
        lock (gate)
        {
            if (options.MaxPrograms is { } max && started >= max) return false;
            started++;
            return true;
        }
    }

    /// <summary>Counts a request's work: a program's, or the calls of a hammer round (kept apart: they are not judged).</summary>
    void Account(ProgramResult result, bool hammer)
    {
        lock (gate)
        {
            if (hammer)
            {
                hammerCalls += result.Calls;
                return;
            }
            programs++;
            repetitions += result.Repetitions;
            calls += result.Calls;
            concurrency += result.Concurrency;
        }
    }

    /// <summary>Reports a finding; true when its signature is new to this campaign.</summary>
    bool Report(CampaignFinding finding)
    {
        bool isNew;
        lock (gate) isNew = kindBySignature.TryAdd(finding.Signature, finding.Kind);
        onFinding(finding);
        return isNew;
    }
}
