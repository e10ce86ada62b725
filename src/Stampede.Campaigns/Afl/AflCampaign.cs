using Stampede.Worker.Afl;
using Stampede.Harnesses;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.CallLayer;
using Stampede.Execution.Coverage;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// Runs <c>afl-fuzz</c> over the AFL++ target (<see cref="AflTarget"/>, the hidden <c>stampede afl-target</c> command of
/// an instrumented copy of the CLI): seeds from generation, the corpus and the previous queue (<see cref="AflSeeds"/>),
/// one instance per job (the first <c>-M main</c>, the others <c>-S sN</c>, sharing one output directory). A plain
/// <c>-t</c> leaves room for a hang to be told from a slow input (AFL++ 4.04c ignores <c>-t N+</c>, and then times out
/// every input slower than a few tens of milliseconds); AFL++'s own random numbers are not fixed (a concurrent run is
/// not reproducible anyway; <c>--seed</c> fixes the generated seeds); AFL's classic power schedule (<c>-p explore</c>:
/// the default one gives inputs whose coverage varies, as every concurrent program's does, no energy at all); no memory
/// limit (the .NET runtime reserves far more than it uses); no terminal UI: <see cref="Status"/> counts executions and
/// saved inputs instead. The library is its coverage build whenever the project built one, for every feedback choice,
/// so that choices differ only in what guides AFL++. Stops at the duration (or cancellation) with SIGINT, as AFL++
/// expects, and lists what it saved.
/// </summary>
public sealed partial class AflCampaign(Harness harness, AflCampaignOptions options, string cliDirectory, Action<string> log)
{
    // Absolute: the instances run in directories of their own (AflLayout.Work), where relative paths would mean else.
    readonly AflLayout layout = new(Path.GetFullPath(options.AflDirectory));
    readonly Stopwatch clock = new();

    public AflLayout Layout => layout;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>How this campaign's inputs decode into programs (its import and export decode the same way).</summary>
    public AflDecoding Decoding => options.Decoding;

    /// <summary>The instances' stats, summed.</summary>
    public FuzzerStats Status() => FuzzerStats.Sum(layout.Instances().Select(FuzzerStats.Read));

    /// <exception cref="HarnessException">afl-fuzz is missing, the harness does not open, or native feedback has no coverage build.</exception>
    public AflCampaignResult Run(CancellationToken cancel)
    {
        string aflFuzz = SearchPath.Find("afl-fuzz") ?? throw new HarnessException("afl-fuzz not found on PATH: install afl++ (scripts/setup does)");
        string library = CoverageLibrary(harness);

        string entry = InstrumentedTarget.Prepare(cliDirectory, layout.Target, out int types);
        var mutator = (Library: RecordMutator.Prepare(layout.Mutator), Layout: RecordMutator.Layout(options.Decoding.Generator(harness.Model)));
        log(types > 0 ? $"instrumented {types} types of the decoder into {layout.Target}" : $"instrumented target up to date in {layout.Target}");

        // The previous campaign's queue seeds this one when it decoded the same way; then its output makes room.
        var previous = layout.ReadDecoding() == options.Decoding ? layout.Saved("queue") : [];
        if (Directory.Exists(layout.Seeds)) Directory.Delete(layout.Seeds, recursive: true);
        var seeds = AflSeeds.Write(layout.Seeds, harness.Model, options.Decoding, options.CorpusDirectory, previous, options.Seed, options.GeneratedSeeds);
        if (Directory.Exists(layout.Output)) Directory.Delete(layout.Output, recursive: true);
        layout.WriteDecoding(options.Decoding);
        log($"{seeds.Total} seeds: {seeds.Generated} generated, {seeds.Corpus} from the corpus, {seeds.PreviousQueue} from the previous queue");

        clock.Start();
        var instances = Enumerable.Range(0, options.Jobs).Select(j => Start(aflFuzz, entry, library, mutator, j)).ToArray();
        try
        {
            while (!cancel.IsCancellationRequested && clock.Elapsed < options.Duration && instances.Any(p => !p.HasExited))
                cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
            var early = instances.FirstOrDefault(p => p.HasExited && p.ExitCode != 0);
            if (early is not null && clock.Elapsed < options.Duration && !cancel.IsCancellationRequested)
                throw new HarnessException($"afl-fuzz stopped early (exit {early.ExitCode}): see {Path.Combine(layout.Output, "*.log")}: " + LastLines(early));
        }
        finally
        {
            Stop(instances);
            clock.Stop();
            if (Directory.Exists(layout.Work)) Directory.Delete(layout.Work, recursive: true);
        }
        var saved = new[] { ("crashes", AflSavedKind.Crash), ("hangs", AflSavedKind.Hang) }.SelectMany(output => layout.Saved(output.Item1).Select(file =>
                new AflSavedInput(file, output.Item2, Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file))!), AflLayout.FoundAfter(file))))
            .OrderBy(s => s.FoundAfter ?? TimeSpan.MaxValue).ToArray();
        return new AflCampaignResult(clock.Elapsed, Status(), saved);
    }

    /// <summary>The library's coverage build, which every instance loads; native feedback cannot do without it.</summary>
    string CoverageLibrary(Harness harness)
    {
        string? coverage;
        try { coverage = NativeVariant.Of(harness.LibraryPath, BuildVariant.Coverage); }
        catch (HarnessException) when (!options.Feedback.HasFlag(FeedbackSignals.Native)) { coverage = null; }
        if (coverage is null && options.Feedback.HasFlag(FeedbackSignals.Native))
            throw new HarnessException($"native feedback needs a coverage build of {Path.GetFileName(harness.LibraryPath)} (build it with " +
                                       "-fsanitize-coverage=inline-8bit-counters,pc-table and native/covrt), or leave native out of --feedback");
        return coverage ?? harness.LibraryPath;
    }

    Process Start(string aflFuzz, string entry, string library, (string Library, string Layout) mutator, int job)
    {
        string name = job == 0 ? "main" : $"s{job}";
        string work = Path.Combine(layout.Work, name);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var psi = new ProcessStartInfo(aflFuzz)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[
                     "-i", layout.Seeds, "-o", layout.Output, job == 0 ? "-M" : "-S", name,
                     "-t", ((int)options.AflTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "-m", "none", "-p", "explore",
                     "-V", ((int)(options.Duration + OrphanGrace).TotalSeconds).ToString(CultureInfo.InvariantCulture),
                     "--", DotnetHost(), entry, "afl-target",
                     "--harness", harness.Directory, "--library", library,
                     "--threads", options.Decoding.Threads.ToString(CultureInfo.InvariantCulture),
                     "--repetitions", options.Repetitions.ToString(CultureInfo.InvariantCulture),
                     "--feedback", FeedbackSignalsText.Format(options.Feedback),
                     "--hang-ms", ((int)options.Hang.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                     "--budget-ms", ((int)options.Budget.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                     "--counter", Path.Combine(layout.Output, name, ExecutionCounter.FileName)])
            psi.ArgumentList.Add(arg);
        // The target's input arrives on stdin (AFL++'s default); the binary is a .NET host, not an instrumented ELF; the
        // campaign prints its own progress; other processes share the cores; seeds that crash or hang are still
        // seeds (the corpus may hold known bugs). The target loads the coverage build (its --library).
        psi.Environment["AFL_SKIP_BIN_CHECK"] = "1";
        psi.Environment["AFL_NO_UI"] = "1";
        psi.Environment["AFL_NO_AFFINITY"] = "1";
        psi.Environment["AFL_SKIP_CPUFREQ"] = "1";
        psi.Environment["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1";
        psi.Environment["AFL_SKIP_CRASHES"] = "1";
        psi.Environment["AFL_FAST_CAL"] = "1";
        psi.Environment["AFL_FORKSRV_INIT_TMOUT"] = "60000";
        // Mutations are the record mutator's alone: AFL++'s havoc, splicing and trimming cut records at arbitrary bytes,
        // which shifts every later call out of step (RecordMutator).
        psi.Environment["AFL_CUSTOM_MUTATOR_LIBRARY"] = mutator.Library;
        psi.Environment["AFL_CUSTOM_MUTATOR_ONLY"] = "1";
        psi.Environment["AFL_DISABLE_TRIM"] = "1";
        psi.Environment[RecordMutator.LayoutVariable] = mutator.Layout;
        var process = Process.Start(psi) ?? throw new HarnessException($"cannot start {aflFuzz}");
        process.StandardInput.Close();
        Directory.CreateDirectory(layout.Output);
        var logFile = new StreamWriter(Path.Combine(layout.Output, $"{name}.log")) { AutoFlush = true };
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                logFile.WriteLine(line);
                tail.Enqueue(line);
                if (tail.Count > 5) tail.Dequeue();
            }
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        tails[process] = (tail, logFile);
        return process;
    }

    // Per instance: its last output lines (for an error) and its log file.
    readonly Dictionary<Process, (Queue<string> Tail, StreamWriter Log)> tails = [];

    string LastLines(Process process)
    {
        var tail = tails[process].Tail;
        lock (tail) return string.Join(" | ", tail.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\x1b\[[0-9;]*m", "").Trim()).Where(l => l.Length > 0));
    }

    /// <summary>SIGINT first (AFL++ then writes its stats and stops its fork server), SIGKILL for whatever is left.</summary>
    void Stop(IEnumerable<Process> instances)
    {
        var running = instances.Where(p => !p.HasExited).ToArray();
        foreach (var p in running) Kill(p.Id, SigInt);
        foreach (var p in running)
            if (!p.WaitForExit(TimeSpan.FromSeconds(10)))
                p.Kill(entireProcessTree: true);
        foreach (var p in instances)
        {
            p.WaitForExit();
            lock (tails[p].Tail) tails[p].Log.Dispose();
        }
    }

    const int SigInt = 2;

    /// <summary>AFL++ also stops on its own this long after the duration (<c>-V</c>): an instance whose campaign was killed
    /// with kill -9 does not fuzz on forever.</summary>
    static readonly TimeSpan OrphanGrace = TimeSpan.FromSeconds(30);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : SearchPath.Find("dotnet") ?? "dotnet";
}
