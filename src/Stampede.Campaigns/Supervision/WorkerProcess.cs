using Stampede.Execution.Profiling;
using Stampede.Harnesses;
using Stampede.Oracles.Process;
using System.Collections.Concurrent;
using System.Diagnostics;
using Stampede.Sanitizers;
using Stampede.Worker;
using Stampede.Execution.Worker;
using Stampede.Execution.Running;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// The supervisor's handle on one worker process: starts it, sends it programs, and turns whatever happens — an
/// answer, a death, a hang, memory past its limit, silence — into a <see cref="ProgramResult"/>. Each worker has its own
/// scratch directory for its call board and the crash report the runtime writes when it dies of a signal, and runs in a
/// fresh working directory inside it (<see cref="WorkDirectoryName"/>, removed with the worker), so that files a
/// library creates from relative paths land there and not where the supervisor was started.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    readonly Process process;
    readonly BlockingCollection<string?> lines = new();
    readonly ConcurrentQueue<string> stderrTail = new();
    readonly string scratch;
    readonly string boardPath;
    readonly string workDirectory;
    readonly int rssLimitMb;
    readonly Symbolizer symbolizer;
    readonly IReadOnlyList<string> functionNames;
    readonly Thread outReader;
    readonly Thread errReader;
    /// <summary>When the worker wrote glibc's last line before an abort (<see cref="GlibcAbort"/>), in
    /// <see cref="Environment.TickCount64"/> milliseconds; 0 while it has not.</summary>
    long abortLineAt;
    // What the worker printed on stderr since the end of its last program (a sanitizer's reports among it), and the
    // last program's, closed by the worker's end mark (WorkerJson.ProgramEnd).
    readonly object segments = new();
    List<string> openSegment = [];
    (long Sequence, List<string> Lines) closedSegment = (-1, []);

    public WorkerHello Hello { get; }
    public int ProcessId => process.Id;

    /// <summary>Where the worker, on a schedule build, keeps the trace of the iteration it runs (<see cref="NativeTracePlace"/>).</summary>
    public string NativeTracePath => NativeTracePlace.Beside(boardPath);

    /// <summary>The worker's working directory, inside its scratch directory.</summary>
    public const string WorkDirectoryName = "work";

    /// <summary>How long the last lines a dead worker wrote may take to arrive: a process it started may still hold its
    /// pipes open.</summary>
    static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker may take to die after glibc announced its abort: createdump's report takes about
    /// 0.2 s (docs/benchmarks.md); past this, the runtime's crash handler is taken to be blocked.</summary>
    static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(1);

    /// <summary>How often the worker's resident memory is measured while a program runs.</summary>
    static readonly TimeSpan MemoryPoll = TimeSpan.FromMilliseconds(100);

    WorkerProcess(Process process, string scratch, string boardPath, string workDirectory, int rssLimitMb, Symbolizer symbolizer,
        IReadOnlyList<string> functionNames, TimeSpan startTimeout)
    {
        (this.process, this.scratch, this.boardPath, this.workDirectory, this.rssLimitMb, this.symbolizer, this.functionNames) =
            (process, scratch, boardPath, workDirectory, rssLimitMb, symbolizer, functionNames);
        outReader = new Thread(() =>
        {
            foreach (string line in OutputLines.Of(process.StandardOutput.BaseStream))
            {
                if (line.StartsWith(WorkerJson.Prefix, StringComparison.Ordinal)) lines.Add(line[WorkerJson.Prefix.Length..]);
                else Remember(line); // the library's own output: kept with stderr for the report
            }
            lines.Add(null); // end of output: the worker is gone
        }) { IsBackground = true, Name = $"worker-{process.Id}-out" };
        outReader.Start();
        errReader = new Thread(() =>
        {
            foreach (string line in OutputLines.Of(process.StandardError.BaseStream))
            {
                if (line.StartsWith(WorkerJson.ProgramEnd, StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(WorkerJson.ProgramEnd.Length), out long ended))
                {
                    CloseSegment(ended);
                    continue;
                }
                if (GlibcAbort.IsAbortMessage(line)) Interlocked.CompareExchange(ref abortLineAt, Environment.TickCount64, 0);
                Remember(line);
                lock (segments)
                {
                    openSegment.Add(line);
                    // A chatty library could print without end; the reports that matter are the last ones before a death.
                    if (openSegment.Count > 2 * MaxKeptLines) openSegment.RemoveRange(0, MaxKeptLines);
                }
            }
        }) { IsBackground = true, Name = $"worker-{process.Id}-err" };
        errReader.Start();
        string? first = Next(startTimeout);
        Hello = first is null
            ? new WorkerHello(false, 0, false, $"the worker exited before it was ready: {StandardErrorTail()}")
            : ReadHello(first);
    }

    // A hello that breaks the protocol is a worker that cannot start (HarnessException at StartReady), not a crash here.
    static WorkerHello ReadHello(string line)
    {
        try { return WorkerJson.Read<WorkerHello>(line); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            return new WorkerHello(false, 0, false, $"unreadable worker hello ({e.Message}): {line}");
        }
    }

    /// <summary>How many of a worker's last stderr lines are kept: enough for a whole sanitizer report with its stacks
    /// (they run to a few hundred lines at most).</summary>
    const int MaxKeptLines = 1000;

    void Remember(string line)
    {
        stderrTail.Enqueue(line);
        while (stderrTail.Count > MaxKeptLines) stderrTail.TryDequeue(out string? _);
    }

    void CloseSegment(long sequence)
    {
        lock (segments)
        {
            closedSegment = (sequence, openSegment);
            openSegment = [];
            Monitor.PulseAll(segments);
        }
    }

    /// <summary>The sanitizer reports the worker printed while it ran program <paramref name="sequence"/> and went on
    /// (a sanitizer that <see cref="Sanitizer.ContinuesAfterReport"/>); waits for the program's end mark, which the
    /// worker wrote before its answer.</summary>
    IReadOnlyList<SanitizerReport> ReportsPrintedDuring(long sequence)
    {
        List<string> lines;
        lock (segments)
        {
            long until = Environment.TickCount64 + (long)OutputDrain.TotalMilliseconds;
            while (closedSegment.Sequence != sequence && Environment.TickCount64 < until)
                Monitor.Wait(segments, TimeSpan.FromMilliseconds(Math.Max(1, until - Environment.TickCount64)));
            if (closedSegment.Sequence != sequence) return [];
            lines = closedSegment.Lines;
        }
        return Reports(lines);
    }

    /// <summary>The reports printed since the last program's end: this program's, when it died or hung (a sanitizer
    /// that goes on printed earlier programs' reports too, and those were theirs).</summary>
    IReadOnlyList<SanitizerReport> ReportsOfThisProgram()
    {
        List<string> printed;
        lock (segments) printed = [.. openSegment];
        return Reports(printed);
    }

    /// <summary>The sanitizer reports among <paramref name="lines"/>, their managed frames named from the runtime's map
    /// of JIT-compiled code.</summary>
    IReadOnlyList<SanitizerReport> Reports(List<string> lines)
    {
        if (!lines.Any(l => l.Contains("Sanitizer", StringComparison.Ordinal))) return [];
        var reports = SanitizerReport.Parse(string.Join('\n', lines));
        if (reports.Count > 0 && PerfMap.ForProcess(process.Id) is { } jitted)
            reports = reports.Select(r => ManagedFrames.Annotate(r, jitted)).ToArray();
        return reports;
    }

    /// <summary>How long a worker's progress may stand still before it counts as hung, for a repetition timeout.</summary>
    public static TimeSpan StallFor(TimeSpan hang) => TimeSpan.FromTicks(hang.Ticks * 2) + TimeSpan.FromSeconds(2);

    /// <summary>Starts a worker and waits until it has loaded the harness.</summary>
    /// <exception cref="HarnessException">The worker could not load the harness or start at all.</exception>
    public static WorkerProcess StartReady(WorkerLaunch launch, Harness harness, string scratch, Symbolizer symbolizer)
    {
        var worker = Start(launch, harness, scratch, symbolizer, TimeSpan.FromSeconds(120));
        if (worker.Hello.Ready) return worker;
        worker.Dispose();
        throw new HarnessException($"worker cannot start: {worker.Hello.Error}");
    }

    public static WorkerProcess Start(WorkerLaunch launch, Harness harness, string scratch, Symbolizer symbolizer, TimeSpan startTimeout)
    {
        // Absolute: the worker runs elsewhere, and the paths it is given must mean the same there.
        scratch = Path.GetFullPath(scratch);
        Directory.CreateDirectory(scratch);
        string board = Path.Combine(scratch, "board");
        string work = Path.Combine(scratch, WorkDirectoryName);
        DeleteDirectory(work); // what an earlier worker of this scratch directory left
        Directory.CreateDirectory(work);
        var psi = new ProcessStartInfo(launch.FileName)
        {
            WorkingDirectory = work,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in launch.LeadingArguments) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "worker", "--harness", harness.Directory, "--library", harness.LibraryPath, "--board", board }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in CrashReport.WorkerEnvironment(scratch).Concat(launch.Environment ?? new Dictionary<string, string>()))
            psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new HarnessException($"cannot start a worker: {launch.FileName}");
        return new WorkerProcess(process, scratch, board, work, launch.RssLimitMb, symbolizer, harness.Dispatcher.FunctionNames, startTimeout);
    }

    /// <summary>Sends one program and waits for its fate. <paramref name="threads"/> is the program's thread count;
    /// <paramref name="stall"/> is how long the worker's progress may stand still before it counts as hung.</summary>
    public ProgramResult Run(WorkerRequest request, int threads, TimeSpan stall)
    {
        var ending = Await(request, stall);
        long endedAt = Stopwatch.GetTimestamp();
        long sequence = request.Sequence;
        var result = ending switch
        {
            Ending.Answered { Response: var response } => Result(sequence, threads, response) with
            {
                PrintedReports = ReportsPrintedDuring(sequence),
                Phases = response.Phases ?? new Dictionary<WorkPhase, PhaseTime>(),
                Concurrency = response.Concurrency ?? Concurrency.None,
            },
            Ending.Unreadable { Line: var line, Message: var message } =>
                new ProgramResult.Rejected(sequence, $"unreadable worker answer ({message}): {line}"),
            Ending.OverMemory { ResidentMb: var resident } => OutOfMemory(sequence, threads, resident),
            Ending.AbortBlocked => Aborted(sequence, threads),
            Ending.Stalled => Hang(sequence, threads, null),
            _ => Died(sequence, threads),
        };
        return result with { EndedAt = endedAt };
    }

    /// <summary>How waiting for a program's fate ended, before anything is read about it.</summary>
    abstract record Ending
    {
        public sealed record Answered(WorkerResponse Response) : Ending;
        public sealed record Unreadable(string Line, string Message) : Ending;
        public sealed record OverMemory(long ResidentMb) : Ending;
        /// <summary>glibc announced an abort and the worker is still alive: its crash handler is blocked, not its threads.</summary>
        public sealed record AbortBlocked : Ending;
        /// <summary>Progress stood still for the whole stall.</summary>
        public sealed record Stalled : Ending;
        public sealed record Gone : Ending;
    }

    Ending Await(WorkerRequest request, TimeSpan stall)
    {
        try
        {
            process.StandardInput.WriteLine(WorkerJson.Write(request));
            process.StandardInput.Flush();
        }
        catch (IOException) { return new Ending.Gone(); }

        // Wait for the answer while the worker's heartbeat shows progress; progress that stands still for the
        // whole stall means a hang, even if the worker's threads look alive. Meanwhile its memory is measured.
        long lastProgress = -1;
        var deadline = DateTime.UtcNow + stall;
        while (true)
        {
            if (rssLimitMb > 0 && ResidentMemory.Megabytes(process.Id) is { } resident && resident > rssLimitMb)
                return new Ending.OverMemory(resident);
            if (Interlocked.Read(ref abortLineAt) is var abortAt and > 0 && Environment.TickCount64 - abortAt > AbortGrace.TotalMilliseconds
                && !process.HasExited)
                return new Ending.AbortBlocked();
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return new Ending.Stalled();
            if (!lines.TryTake(out string? line, rssLimitMb > 0 && remaining > MemoryPoll ? MemoryPoll : remaining)) continue;
            if (line is null) return new Ending.Gone();
            WorkerReply reply;
            try { reply = WorkerJson.ReadReply(line); }
            catch (System.Text.Json.JsonException e) { return new Ending.Unreadable(line, e.Message); }
            if (reply is WorkerResponse response) return new Ending.Answered(response);
            long progress = ((WorkerHeartbeat)reply).Progress;
            if (progress != lastProgress) (lastProgress, deadline) = (progress, DateTime.UtcNow + stall);
        }
    }

    ProgramResult Result(long sequence, int threads, WorkerResponse response) => response.Outcome switch
    {
        WorkerOutcome.Clean => new ProgramResult.Clean(sequence, response.Repetitions, response.Calls),
        WorkerOutcome.Failure => new ProgramResult.OracleFailed(sequence, response.Repetitions, response.Calls, response.Failure!),
        WorkerOutcome.Hang => Hang(sequence, threads, response.Unfinished),
        WorkerOutcome.Stopped when response.Schedule is { } schedule =>
            new ProgramResult.Stopped(sequence, response.Repetitions, response.Calls, schedule),
        _ => new ProgramResult.Rejected(sequence, response.Error ?? "rejected"),
    };

    public bool HasExited => process.HasExited;

    string? Next(TimeSpan timeout) => lines.TryTake(out string? line, timeout) ? line : null;

    ProgramResult Died(long sequence, int threads)
    {
        process.WaitForExit();
        DrainOutput();
        int exitCode = process.ExitCode;
        var report = CrashReport.PathFor(scratch, process.Id);
        (int OsThreadId, IReadOnlyList<CapturedFrame> Frames)? crashed = null;
        IReadOnlyDictionary<int, IReadOnlyList<CapturedFrame>> others = new Dictionary<int, IReadOnlyList<CapturedFrame>>();
        if (File.Exists(report))
        {
            try { crashed = CrashReport.CrashedThread(report); }
            catch (InvalidDataException) { }
            others = CrashReport.OtherThreads(report);
            File.Delete(report);
        }
        // Each program thread's stack at the moment of death, beside the crashing thread's: the other side of a race.
        var states = BoardStates(threads, tid => others.TryGetValue(tid, out var frames) ? symbolizer.Symbolize(frames) : []);
        int? crashingThread = crashed is { } c && states.FindIndex(s => s.OsThreadId == c.OsThreadId) is var i and >= 0
            ? states[i].State.Thread : null;
        var stack = crashed is { } cr ? symbolizer.Symbolize(cr.Frames) : [];
        string stderr = StandardErrorTail();
        var reports = ReportsOfThisProgram();
        DeletePerfMaps();
        return new ProgramResult.Crashed(sequence, new CrashEvidence(
            exitCode, Signals.FromExitCode(exitCode), stack, crashingThread, states.Select(s => s.State).ToArray(), stderr, reports));
    }

    ProgramResult Hang(long sequence, int threads, IReadOnlyList<int>? unfinished)
    {
        var stacks = NativeStacks.Capture(process.Id, TimeSpan.FromSeconds(30));
        var printed = ReportsOfThisProgram();
        // glibc found the heap corrupted and called abort(), but the runtime's crash handler then blocked (see
        // GlibcAbort): the worker would have died of SIGABRT. That is a crash, not a hang.
        if (stacks.Any(s => s.Value.Frames.Any(IsAbort))) return Aborted(sequence, threads, stacks);
        var states = BoardStates(threads, tid => stacks.TryGetValue(tid, out var s) ? symbolizer.Symbolize(s.Frames) : []);
        Kill();
        // Which program thread holds the mutex each one waits for, as far as gdb could read it: a deadlock's cycle.
        var programThread = states.Where(s => s.OsThreadId != 0).GroupBy(s => s.OsThreadId).ToDictionary(g => g.Key, g => g.First().State.Thread);
        states = states.Select(s => stacks.TryGetValue(s.OsThreadId, out var stack) && stack.LockOwner is { } owner &&
                                    programThread.TryGetValue(owner, out int holder)
            ? (s.OsThreadId, s.State with { WaitsFor = holder }) : s).ToList();
        var stuck = unfinished ?? states.Where(s => s.State.State != ThreadActivity.Done).Select(s => s.State.Thread).ToArray();
        var onBoard = states.Select(s => s.OsThreadId).ToHashSet();
        var others = stacks.Where(s => !onBoard.Contains(s.Key) && s.Value.Frames.Any(f => InLibraryOrAllocator(f)))
            .Select(s => s.Value).ToArray();
        return new ProgramResult.Hung(sequence, new HangEvidence(stuck, states.Select(s => s.State).ToArray(), others)) { PrintedReports = printed };
    }

    /// <summary>A worker that called abort() and did not die: its stacks are taken with gdb (unless given), it is
    /// killed, and it is reported as the SIGABRT death it would have been, signed by the aborting thread's stack from
    /// abort() outward — what the thread was doing, not the crash handler that then blocked.</summary>
    ProgramResult Aborted(long sequence, int threads, IReadOnlyDictionary<int, NamedStack>? stacks = null)
    {
        stacks ??= NativeStacks.Capture(process.Id, TimeSpan.FromSeconds(30));
        var states = BoardStates(threads, tid => stacks.TryGetValue(tid, out var s) ? symbolizer.Symbolize(s.Frames) : []);
        Kill();
        var aborting = stacks.FirstOrDefault(s => s.Value.Frames.Any(IsAbort));
        int index = aborting.Value is null ? -1 : states.FindIndex(s => s.OsThreadId == aborting.Key);
        var fromAbort = aborting.Value is { } stack ? stack.Frames.SkipWhile(f => !IsAbort(f)).ToArray() : [];
        return new ProgramResult.Crashed(sequence, new CrashEvidence(
            134, "SIGABRT", symbolizer.Symbolize(fromAbort), index >= 0 ? states[index].State.Thread : null,
            states.Select(s => s.State).ToArray(), StandardErrorTail(), ReportsOfThisProgram()));
    }

    /// <summary>Kills the worker at once (its memory may still be growing), then reads from the call board where its
    /// threads were.</summary>
    ProgramResult OutOfMemory(long sequence, int threads, long residentMb)
    {
        Kill();
        var states = BoardStates(threads, _ => []);
        return new ProgramResult.OutOfMemory(sequence, new MemoryEvidence(residentMb, rssLimitMb, states.Select(s => s.State).ToArray()))
            { PrintedReports = ReportsOfThisProgram() };
    }

    /// <summary>The maps of JIT-compiled code the runtime writes under a sanitizer (DOTNET_PerfMapEnabled) outlive it.</summary>
    void DeletePerfMaps()
    {
        foreach (var name in new[] { $"perf-{process.Id}.map", $"perfinfo-{process.Id}.map" })
            try { File.Delete(Path.Combine("/tmp", name)); } // where the runtime writes them
            catch (IOException) { }
    }

    static bool IsAbort(CapturedFrame frame) => frame.Function is "abort" or "__GI_abort";

    bool InLibraryOrAllocator(CapturedFrame frame) =>
        frame.Function is { } f && (functionNames.Contains(f) || HangSignatures.IsAllocator(f));

    /// <summary>What the call board says each program thread was doing, with a stack from <paramref name="stackOf"/>.</summary>
    List<(int OsThreadId, ThreadPlace State)> BoardStates(int threads, Func<int, IReadOnlyList<CapturedFrame>> stackOf)
    {
        var states = new List<(int, ThreadPlace)>();
        using var board = CallBoard.TryOpen(boardPath);
        if (board is null) return states;
        var slots = Enumerable.Range(0, Math.Min(threads, CallBoard.MaxThreads)).Select(board.Read).ToArray();
        // A reference run that crashed or hung: every thread as that run left it (calls run one at a time, in the
        // oracles' order), not as the concurrent repetition or an earlier reference run did.
        if (slots.Where(s => s.State == CallBoard.SlotState.InCall && SequentialExecutor.IsReferenceRun(s.Repetition))
                .Select(s => (int?)s.Repetition).FirstOrDefault() is int run)
            slots = slots.Select(s => s.Repetition == run ? s : InRun(board, s, run)).ToArray();
        foreach (var slot in slots)
        {
            int t = slot.Thread;
            var state = slot.State switch
            {
                CallBoard.SlotState.InCall => ThreadActivity.InCall,
                CallBoard.SlotState.Done => ThreadActivity.Done,
                _ => ThreadActivity.BetweenCalls,
            };
            string? function = slot.State == CallBoard.SlotState.InCall && slot.Function < functionNames.Count ? functionNames[slot.Function] : null;
            var times = Enumerable.Range(0, slot.Position + 1)
                .Select(p => board.CallTime(t, p, slot.Repetition) is var (start, end) ? new CallTime(start, end) : (CallTime?)null).ToArray();
            states.Add((slot.OsThreadId, new ThreadPlace(t, state, slot.Position, function, stackOf(slot.OsThreadId), slot.Repetition) { Times = times }));
        }
        return states;
    }

    /// <summary>A thread's slot as reference run <paramref name="run"/> left it: between calls, after the last call it
    /// made in that run (none: position -1).</summary>
    static CallBoard.Slot InRun(CallBoard board, CallBoard.Slot slot, int run)
    {
        int made = 0;
        while (board.CallTime(slot.Thread, made, run) is not null) made++;
        return slot with { Repetition = run, Position = made - 1, State = CallBoard.SlotState.Idle };
    }

    string StandardErrorTail() => string.Join('\n', stderrTail.Where(l => !l.StartsWith("[createdump]")));

    void Kill()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit();
        DrainOutput();
    }

    /// <summary>Waits until the readers have kept what the exited worker wrote, so that its stderr tail is whole.</summary>
    void DrainOutput()
    {
        outReader.Join(OutputDrain);
        errReader.Join(OutputDrain);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
            if (!process.WaitForExit(2000)) Kill();
        }
        DeletePerfMaps();
        process.Dispose();
        DeleteDirectory(workDirectory);
    }

    static void DeleteDirectory(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        // Not there (DirectoryNotFoundException is an IOException), or a file the library made unremovable: the
        // caller's scratch directory is removed later anyway.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
