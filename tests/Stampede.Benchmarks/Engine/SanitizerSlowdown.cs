using Stampede.Harnesses;
using System.Diagnostics;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Worker;
using Stampede.Execution.CallLayer;
using Stampede.Model.Programs;

namespace Stampede.Benchmarks.Engine;

/// <summary>One library's representative program in one mode (<c>plain</c>, <c>thread</c>, <c>address</c>): the
/// median over rounds of a worker's start until ready and of calls per second, and the ratio of calls per second to
/// plain mode's. <see cref="Reports"/> counts rounds a sanitizer report ended (none expected: the program calls only
/// mt-safe functions).</summary>
public sealed record SlowdownRow(string Library, string Program, string Mode, double ReadyMilliseconds, double CallsPerSecond, double RatioToPlain, int Reports);

/// <summary>
/// The cost of sanitizer mode: the same program per library, run by a worker process as a campaign runs it (stress
/// schedule, <see cref="Repetitions"/> repetitions per request, noise 0.3, the oracles on), under the plain build, then
/// ThreadSanitizer, then AddressSanitizer, alternating over <see cref="Rounds"/> rounds; each round a fresh worker per
/// mode, one warm-up request, then <see cref="Requests"/> timed requests. The programs are fixed and call only the
/// library's mt-safe functions (distinct handles per thread), so that no report ends a sanitizer worker early and
/// every mode runs exactly the same calls.
/// </summary>
public static class SanitizerSlowdown
{
    public const int Rounds = 3;
    public const int Requests = 5;
    public const int Repetitions = 200;

    /// <summary>Per library: a short description and the program's setup and threads.</summary>
    public static readonly IReadOnlyDictionary<string, (string Description, string Body)> Programs = new Dictionary<string, (string, string)>
    {
        ["textkit"] = ("2 threads × 11 calls: a private tokenizer each, tk_format_duration_r, tk_char_class_r",
            Thread(0, "r0 = tk_tokenizer_new(\"a b c d\", \" \")", 3, ["tk_tokenizer_next(r0)", "tk_format_duration_r(3723, buf[32], 32)", "tk_char_class_r(65)"], "tk_tokenizer_free(r0)") +
            Thread(1, "r1 = tk_tokenizer_new(\"w x y z\", \" \")", 3, ["tk_tokenizer_next(r1)", "tk_format_duration_r(59, buf[32], 32)", "tk_char_class_r(32)"], "tk_tokenizer_free(r1)")),
        ["kvstore"] = ("2 threads × 10 calls: a private store each (kv_open, kv_put, kv_get, kv_delete, kv_count, kv_close)",
            Thread(0, "r0 = kv_open(\"a\")", 2, ["kv_put(r0, \"k\", \"v1\")", "kv_get(r0, \"k\", buf[16], 16)", "kv_delete(r0, \"k\")", "kv_count(r0)"], "kv_close(r0)") +
            Thread(1, "r1 = kv_open(\"b\")", 2, ["kv_put(r1, \"k\", \"w1\")", "kv_get(r1, \"k\", buf[16], 16)", "kv_delete(r1, \"k\")", "kv_count(r1)"], "kv_close(r1)")),
        ["objcache"] = ("2 threads × 12 calls on one shared atom: atom_retain, atom_release, atom_refcount, sym_intern, sym_count",
            "setup:\n  r0 = atom_new(\"shared\")\n" +
            Thread(0, null, 3, ["r{h} = atom_retain(r0)", "atom_release(r{h})", "sym_intern(\"alpha\")", "atom_refcount(r0)"], null, firstHandle: 1) +
            Thread(1, null, 3, ["r{h} = atom_retain(r0)", "atom_release(r{h})", "sym_intern(\"beta\")", "sym_count()"], null, firstHandle: 4)),
        ["svcconf"] = ("2 threads × 12 calls: settings_put, settings_get, settings_remove, stats_add, stats_total",
            Thread(0, null, 3, ["settings_put(\"a\", \"1\")", "settings_get(\"a\", buf[16], 16)", "stats_add(5)", "settings_remove(\"a\")"], null) +
            Thread(1, null, 3, ["settings_put(\"b\", \"2\")", "settings_get(\"b\", buf[16], 16)", "stats_add(7)", "stats_total()"], null)),
    };

    /// <summary>A thread: <paramref name="first"/>, <paramref name="times"/> rounds of <paramref name="round"/> (where
    /// <c>{h}</c> is a handle numbered from <paramref name="firstHandle"/>, one per round), then <paramref name="last"/>.</summary>
    static string Thread(int t, string? first, int times, string[] round, string? last, int firstHandle = 0)
    {
        var calls = new List<string>();
        if (first is not null) calls.Add(first);
        for (int i = 0; i < times; i++) calls.AddRange(round.Select(c => c.Replace("{h}", (firstHandle + i).ToString())));
        if (last is not null) calls.Add(last);
        return $"thread {t}:\n" + string.Concat(calls.Select(c => $"  {c}\n"));
    }

    public static IReadOnlyList<SlowdownRow> Measure(string repo, IEnumerable<string> libraries, WorkerLaunch cli, Action<string> log)
    {
        var rows = new List<SlowdownRow>();
        foreach (var library in libraries.Where(Programs.ContainsKey))
        {
            string harnessDirectory = Path.Combine(repo, "harnesses", library);
            string plain = SanitizerRun.PlainLibrary(harnessDirectory);
            var (description, body) = Programs[library];
            var modes = new (string Name, Sanitizer? Sanitizer)[] { ("plain", null), ("thread", Sanitizer.Thread), ("address", Sanitizer.Address) };
            var ready = modes.Select(_ => new List<double>()).ToArray();
            var rates = modes.Select(_ => new List<double>()).ToArray();
            var reports = new int[modes.Length];
            for (int round = 0; round < Rounds; round++)
                for (int m = 0; m < modes.Length; m++)
                {
                    var (readyMs, rate, reported) = Once(repo, harnessDirectory, plain, body, modes[m].Sanitizer, cli);
                    if (reported is not null)
                    {
                        reports[m]++;
                        log($"  slowdown {library} {modes[m].Name} round {round + 1}: ended by {reported}");
                        continue;
                    }
                    ready[m].Add(readyMs);
                    rates[m].Add(rate);
                    log($"  slowdown {library} {modes[m].Name} round {round + 1}: ready after {readyMs:F0} ms, {rate:N0} calls/s");
                }
            double plainRate = Stats.Median(rates[0]);
            for (int m = 0; m < modes.Length; m++)
                rows.Add(new SlowdownRow(library, description, modes[m].Name, Stats.Median(ready[m]), Stats.Median(rates[m]),
                    Stats.Median(rates[m]) / plainRate, reports[m]));
        }
        return rows;
    }

    /// <summary>One worker in one mode: milliseconds until ready, calls per second over the timed requests, and what
    /// ended it early (a finding's signature), if anything did.</summary>
    static (double ReadyMs, double CallsPerSecond, string? Reported) Once(
        string repo, string harnessDirectory, string plain, string body, Sanitizer? sanitizer, WorkerLaunch cli)
    {
        string? instrumented = sanitizer?.InstrumentedLibrary(plain);
        var launch = sanitizer is null ? cli : sanitizer.Launch(cli, Path.Combine(repo, "native", "sanitizers"));
        string scratch = Directory.CreateTempSubdirectory("stampede-bench-slowdown-").FullName;
        try
        {
            var harness = Harness.Open(harnessDirectory, instrumented);
            string text = $"# stampede program v1\nlibrary {harness.Library}\n{body}";
            var program = ProgramText.Parse(text, harness.Model); // fails here, not in the worker, if the program is wrong
            int threads = program.Threads.Count;
            var clock = Stopwatch.StartNew();
            using var worker = WorkerProcess.StartReady(launch, harness, scratch, Symbolizer.For(harness.LibraryPath));
            double readyMs = clock.Elapsed.TotalMilliseconds;
            var stall = WorkerProcess.StallFor(TimeSpan.FromSeconds(3));
            long sequence = 0;
            WorkerRequest Request() => new(sequence, text, Repetitions, 0.3, (int)sequence++, 3, 60);
            var warmUp = worker.Run(Request(), threads, stall);
            if (CampaignFinding.From(warmUp, text, harness) is { } early) return (readyMs, 0, early.Signature);
            long calls = 0;
            clock.Restart();
            for (int i = 0; i < Requests; i++)
            {
                var result = worker.Run(Request(), threads, stall);
                if (CampaignFinding.From(result, text, harness) is { } finding) return (readyMs, 0, finding.Signature);
                if (result is ProgramResult.Rejected rejected) throw new InvalidOperationException($"the worker rejected the program: {rejected.Error}");
                calls += result.Calls;
            }
            return (readyMs, calls / clock.Elapsed.TotalSeconds, null);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }
}
