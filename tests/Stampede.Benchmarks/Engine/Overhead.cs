using Stampede.Harnesses;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Stampede.Campaigns;
using Stampede.Execution.Instances;
using Stampede.Execution.Running;
using Stampede.Model.Programs;
using Stampede.Oracles.Checking;

namespace Stampede.Benchmarks.Engine;

/// <summary>Calls per second of one way of calling <see cref="Function"/> from <see cref="Overhead.Threads"/>
/// threads; <see cref="RatioToRaw"/> is against the raw P/Invoke loop of the same function.</summary>
public sealed record OverheadRow(string Function, string Mode, double CallsPerSecond, double RatioToRaw);

/// <summary>
/// The cost of the stress executor per call, against the cheapest possible call: a raw P/Invoke of
/// <c>int tk_abi_version(void)</c> (it returns a constant) in a tight loop, from the same number of threads. The
/// executor runs a program whose threads each call that function <see cref="CallsPerThread"/> times, repetition
/// after repetition, with no noise — and, as in a campaign, a fresh library instance (dlclose + dlopen), setup and
/// teardown per repetition. With the oracle on, each repetition's history also goes through
/// <see cref="ProgramChecker.Check"/>. The same comparison is made for a call doing real work,
/// <c>tk_format_duration_r(3723, buf, 32)</c> (formats "1h 02m 03s" into the caller's buffer), which the executor
/// also copies out. Modes alternate over a few rounds; each row is the median round.
/// </summary>
public static class Overhead
{
    public const int Threads = 2;
    public const int CallsPerThread = 500;
    const int LongCallsPerThread = 5000;
    const int Rounds = 3;

    public static IReadOnlyList<OverheadRow> Measure(string textkitHarness, TimeSpan perMeasurement, Action<string> log)
    {
        var harness = Harness.Open(textkitHarness);
        // A private copy of the library, so that each reload really unloads it (the raw loop keeps the original mapped).
        string copyDirectory = Directory.CreateTempSubdirectory("stampede-bench-overhead-").FullName;
        string copy = Path.Combine(copyDirectory, Path.GetFileName(harness.LibraryPath));
        File.Copy(harness.LibraryPath, copy);
        using var target = new NativeTarget(harness.Model, harness.Dispatcher, LibraryInstance.Load(copy));
        target.Fresh(); // binds the dispatcher to the copy
        int function = harness.Model.Function("tk_abi_version")!.Index;
        const string Constant = "tk_abi_version()", Formatting = "tk_format_duration_r(3723, buf[32], 32)";
        var shortProgram = Prepare(target, Constant, CallsPerThread);
        var longProgram = Prepare(target, Constant, LongCallsPerThread);
        var formattingProgram = Prepare(target, Formatting, LongCallsPerThread);
        log($"  fresh library instance (dlclose + dlopen + bind): {ReloadMicroseconds(target):F1} µs");

        var modes = new (string Function, string Name, Func<TimeSpan, double> Run)[]
        {
            ("tk_abi_version", "raw P/Invoke loop", d => Loop(d, stop =>
            {
                long calls = 0;
                for (; !stop(); calls += 1024)
                    for (int i = 0; i < 1024; i++) RawTextkit.tk_abi_version();
                return calls;
            })),
            ("tk_abi_version", "generated dispatcher loop (INativeDispatcher.Invoke)", d => Loop(d, stop =>
            {
                long calls = 0;
                for (; !stop(); calls += 1024)
                    for (int i = 0; i < 1024; i++) target.Dispatcher.Invoke(function, []);
                return calls;
            })),
            ("tk_abi_version", $"stress executor, {CallsPerThread} calls/thread/repetition", d => Executor(target, shortProgram, d, oracle: false)),
            ("tk_abi_version", $"stress executor + oracle, {CallsPerThread} calls/thread/repetition", d => Executor(target, shortProgram, d, oracle: true)),
            ("tk_abi_version", $"stress executor, {LongCallsPerThread} calls/thread/repetition", d => Executor(target, longProgram, d, oracle: false)),
            ("tk_format_duration_r", "raw P/Invoke loop", d => Loop(d, stop => FormatLoop(stop))),
            ("tk_format_duration_r", $"stress executor, {LongCallsPerThread} calls/thread/repetition", d => Executor(target, formattingProgram, d, oracle: false)),
            ("tk_format_duration_r", $"stress executor + oracle, {LongCallsPerThread} calls/thread/repetition", d => Executor(target, formattingProgram, d, oracle: true)),
        };
        var samples = modes.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
            for (int m = 0; m < modes.Length; m++)
            {
                double rate = modes[m].Run(perMeasurement);
                samples[m].Add(rate);
                log($"  overhead round {round + 1}: {modes[m].Function}: {modes[m].Name}: {rate:N0} calls/s");
            }
        Directory.Delete(copyDirectory, recursive: true);
        // Each function's rows against its own raw loop (the first row of that function).
        return modes.Select((m, i) =>
        {
            double raw = Stats.Median(samples[Array.FindIndex(modes, x => x.Function == m.Function)]);
            return new OverheadRow(m.Function, m.Name, Stats.Median(samples[i]), Stats.Median(samples[i]) / raw);
        }).ToArray();
    }

    static PreparedProgram Prepare(NativeTarget target, string call, int callsPerThread)
    {
        var text = new StringBuilder($"# stampede program v1\nlibrary {target.Model.Library}\n");
        for (int t = 0; t < Threads; t++)
        {
            text.Append($"thread {t}:\n");
            for (int i = 0; i < callsPerThread; i++) text.Append($"  {call}\n");
        }
        return new PreparedProgram(ProgramText.Parse(text.ToString(), target.Model), target.Model);
    }

    static long FormatLoop(Func<bool> stop)
    {
        nint buffer = Marshal.AllocHGlobal(32);
        long calls = 0;
        for (; !stop(); calls += 1024)
            for (int i = 0; i < 1024; i++) RawTextkit.tk_format_duration_r(3723, buffer, 32);
        Marshal.FreeHGlobal(buffer);
        return calls;
    }

    /// <summary>What starting a repetition from fresh library state costs, on average over a thousand reloads.</summary>
    static double ReloadMicroseconds(NativeTarget target)
    {
        const int Reloads = 1000;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Reloads; i++) target.Fresh();
        return clock.Elapsed.TotalMicroseconds / Reloads;
    }

    /// <summary>Threads released together, each running <paramref name="calling"/> (which calls in a loop until its
    /// argument says stop, and returns how many calls it made).</summary>
    static double Loop(TimeSpan duration, Func<Func<bool>, long> calling)
    {
        long total = 0;
        bool stop = false;
        using var start = new Barrier(Threads + 1);
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            Interlocked.Add(ref total, calling(() => Volatile.Read(ref stop)));
        })).ToArray();
        foreach (var t in threads) t.Start();
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        Thread.Sleep(duration);
        Volatile.Write(ref stop, true);
        foreach (var t in threads) t.Join();
        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Repetitions until the duration is spent; calls counted are the program's thread calls.</summary>
    static double Executor(NativeTarget target, PreparedProgram program, TimeSpan duration, bool oracle)
    {
        using var checker = oracle ? new ProgramChecker(target, program) : null;
        int callsPerRepetition = program.Threads.Sum(t => t.Count);
        long calls = 0;
        var clock = Stopwatch.StartNew();
        new StressExecutor(target).Run(program, new StressOptions(Repetitions: int.MaxValue, Noise: 0, Seed: 1), outcome =>
        {
            if (outcome is not RepetitionOutcome.Completed done) throw new InvalidOperationException($"unexpected {outcome}");
            if (checker?.Check(done.History) is { } failure) throw new InvalidOperationException($"oracle failed on a constant: {failure.Summary}");
            calls += callsPerRepetition;
            return clock.Elapsed < duration;
        });
        return calls / clock.Elapsed.TotalSeconds;
    }
}
