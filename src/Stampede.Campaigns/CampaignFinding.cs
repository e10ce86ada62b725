using Stampede.Model;
using Stampede.Harnesses;
using Stampede.Oracles.Process;
using System.Text.RegularExpressions;
using Stampede.Sanitizers;
using Stampede.Campaigns.Supervision;
using Stampede.Worker;

namespace Stampede.Campaigns;

/// <summary>
/// One failure a campaign observed, with everything known about it: the program as it ran, the oracle's timeline of
/// calls, or the evidence a crash or hang left. <see cref="Signature"/> identifies it across hits.
/// </summary>
public sealed partial record CampaignFinding(
    FindingKind Kind, string Signature, string Summary, string Program,
    IReadOnlyList<ThreadCalls>? Timeline = null, CrashEvidence? Crash = null, HangEvidence? Hang = null,
    IReadOnlyDictionary<string, string>? Details = null, SanitizerReport? Sanitizer = null, RecordedSchedule? Schedule = null)
{
    /// <summary>The finding a program's result shows, or null for a clean or rejected program.</summary>
    public static CampaignFinding? From(ProgramResult result, string program, Harness harness) => result switch
    {
        ProgramResult.OracleFailed f => FromOracle(program, f.Failure),
        ProgramResult.Crashed c => FromCrash(program, c.Evidence, Path.GetFileName(harness.LibraryPath)),
        ProgramResult.Hung h => FromHang(program, h.Evidence, harness.Dispatcher.FunctionNames),
        _ => null,
    };

    /// <summary>A dead worker's finding, signed by its signal and the innermost frames inside the target library
    /// (frames of libc or the runtime vary between hits of the same bug).</summary>
    public static CampaignFinding FromCrash(string program, CrashEvidence crash, string libraryFile)
    {
        if (crash.SanitizerReports?.FirstOrDefault(r => r.InvolvesLibrary(libraryFile)) is { } report)
            return FromSanitizer(program, report, crash, libraryFile);
        // The worker ended with the sanitizer's exit code but its report could not be read whole (or names no frame of
        // the library): the report's SUMMARY line still says what and where.
        if (crash.ExitCode == Supervision.Sanitizer.ExitCode && SanitizerSummary(crash.StandardErrorTail) is { } summary)
            return new CampaignFinding(FindingKind.Sanitizer, "sanitizer:" + summary, $"sanitizer report (not parsed whole): {summary}", program, Crash: crash);
        var own = crash.CrashingStack.Where(f => !f.Managed && f.Module == libraryFile && f.Function is not null)
            .Select(f => f.Function!).Take(2).ToArray();
        // No frame of the library (an abort unwinds poorly through glibc): the call the crashing thread was in, from the
        // call board, names the place as well.
        if (own.Length == 0 && crash.Threads.FirstOrDefault(s => s.Thread == crash.CrashingThread)?.Function is { } inCall) own = [inCall];
        // Heap corruption is often detected later, in some other free(); glibc's message then names the bug best.
        if (own.Length == 0 && GlibcHeapMessage(crash.StandardErrorTail) is { } message) own = [message];
        if (own.Length == 0) own = crash.CrashingStack.Where(f => f.Function is not null).Select(f => f.Function!).Take(2).ToArray();
        string signal = crash.Signal ?? $"exit {crash.ExitCode}";
        var where = crash.CrashingThread is { } t && crash.Threads.FirstOrDefault(s => s.Thread == t) is { } state
            ? $" in t{t} ({state.Function ?? state.State})" : "";
        string inFlight = string.Join(", ", crash.Threads.Where(s => s.Function is not null).Select(s => $"t{s.Thread} in {s.Function}"));
        return new CampaignFinding(FindingKind.Crash, $"crash:{signal}:{string.Join("<", own)}",
            $"worker died of {signal}{where}{(own.Length > 0 ? " at " + string.Join(" < ", own) : "")}; threads in calls: {(inFlight.Length > 0 ? inFlight : "none")}",
            program, Crash: crash);
    }

    /// <summary>
    /// A sanitizer's report (the worker ended at the first one), signed by its kind and the source lines involved
    /// (<see cref="SanitizerSignature"/>: the pair of racing lines, order-independent). Reports about the host alone
    /// (the runtime's own memory) were dropped before: they involve no frame of the library.
    /// </summary>
    public static CampaignFinding FromSanitizer(string program, SanitizerReport report, CrashEvidence crash, string libraryFile)
    {
        string inFlight = string.Join(", ", crash.Threads.Where(s => s.Function is not null).Select(s => $"t{s.Thread} in {s.Function}"));
        string where = string.Join(" vs ", report.Accesses.Select(a => SanitizerSignature.Site(a.Stack, libraryFile)).Distinct());
        return new CampaignFinding(FindingKind.Sanitizer, SanitizerSignature.Of(report, libraryFile),
            $"{report.Tool}: {report.Headline}{(where.Length > 0 ? " at " + where : "")}; threads in calls: {(inFlight.Length > 0 ? inFlight : "none")}",
            program, Crash: crash, Sanitizer: report);
    }

    /// <summary>"SUMMARY: AddressSanitizer: heap-buffer-overflow /src/svcconf.c:52:9 in table_set" → "heap-buffer-overflow
    /// svcconf.c:52:9 in table_set" (file names without directories, so that the signature does not depend on them).</summary>
    static string? SanitizerSummary(string stderr) =>
        stderr.Split('\n').LastOrDefault(l => l.StartsWith("SUMMARY: ", StringComparison.Ordinal) && l.Contains("Sanitizer: ", StringComparison.Ordinal)) is { } line
            ? string.Join(' ', line[(line.IndexOf("Sanitizer: ", StringComparison.Ordinal) + "Sanitizer: ".Length)..].Trim().Split(' ').Select(Path.GetFileName))
            : null;

    /// <summary>glibc's allocator reports corruption as one line, "function(): what" (free(): double free detected in
    /// tcache 2, malloc_consolidate(): invalid chunk size), or "corrupted ..." before it aborts.</summary>
    static string? GlibcHeapMessage(string stderr) => stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l =>
        GlibcAllocatorLine().IsMatch(l) || l.Contains("double free", StringComparison.Ordinal) || l.StartsWith("corrupted ", StringComparison.Ordinal));

    [GeneratedRegex(@"^(free|malloc|realloc|calloc|malloc_consolidate|_int_free|_int_malloc|munmap_chunk|tcache_thread_shutdown)\(\): ")]
    private static partial Regex GlibcAllocatorLine();

    /// <summary>A hang's finding, signed by the functions the stuck threads were in.</summary>
    public static CampaignFinding FromHang(string program, HangEvidence hang, IReadOnlyList<string> apiFunctions)
    {
        var stuck = hang.Threads.Where(s => hang.Unfinished.Contains(s.Thread)).ToArray();
        if (stuck.Length == 0)
        {
            string? place = HangSignatures.Place(hang.Others, apiFunctions);
            return new CampaignFinding(FindingKind.Hang, "hang:(after the threads finished)" + (place is null ? "" : ":" + place),
                "the worker stopped making progress after every program thread had finished (in teardown or a reference run)" +
                (place == "allocator" ? "; a thread is stuck in the allocator, which points to a corrupted heap" :
                 place is not null ? $"; a thread is stuck in {place}" : ""),
                program, Hang: hang);
        }
        var functions = stuck.Select(s => s.Function ?? "(between calls)").Distinct().Order().ToArray();
        return new CampaignFinding(FindingKind.Hang, "hang:" + string.Join(",", functions),
            $"threads {string.Join(", ", stuck.Select(s => $"t{s.Thread} in {s.Function ?? s.State}"))} did not finish",
            program, Hang: hang);
    }

    public static CampaignFinding FromOracle(string program, ReportedFailure failure) =>
        new(FindingKindText.Parse(failure.Kind) ?? throw new InvalidDataException($"unknown finding kind '{failure.Kind}'"), failure.Signature, failure.Summary, program, Timeline: failure.Timeline,
            Details: new Dictionary<string, string> { [failure.Schedule is null ? "repetition" : "iteration"] = failure.Repetition.ToString() },
            Schedule: failure.Schedule);
}
