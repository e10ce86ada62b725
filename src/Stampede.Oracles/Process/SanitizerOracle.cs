using Stampede.Model;
using Stampede.Sanitizers;

namespace Stampede.Oracles.Process;

/// <summary>
/// Signs a worker that a sanitizer ended (AddressSanitizer ends it at the first report), and each report a sanitizer
/// that goes on (ThreadSanitizer) printed. A report is signed by its kind and the source
/// lines involved (<see cref="SanitizerSignature"/>: the pair of racing lines, order-independent), and keyed by the API
/// functions that conflicted (<see cref="SanitizerKey"/>), which is what makes two reports one finding. Reports about the
/// host alone (the runtime's own memory) involve no frame of the library and are no verdict.
/// </summary>
public static class SanitizerOracle
{
    /// <summary>The exit code a worker ends with after a sanitizer report (a death by signal is a crash): the options
    /// a worker's sanitizer runs with set it.</summary>
    public const int ExitCode = 66;

    /// <summary>The verdict on a worker that ended, when a sanitizer report about the library ended it; else null.</summary>
    public static ProcessVerdict? Judge(CrashEvidence crash, string libraryFile, ApiShape? api = null)
    {
        if (crash.SanitizerReports?.FirstOrDefault(r => r.InvolvesLibrary(libraryFile)) is { } report)
            return Judge(report, crash, libraryFile, api);
        // The worker ended with the sanitizer's exit code but its report could not be read whole (or names no frame of
        // the library): the report's SUMMARY line still says what and where.
        if (crash.ExitCode == ExitCode && SummaryLine(crash.StandardErrorTail) is { } summary)
            return new ProcessVerdict(FindingKind.Sanitizer, FindingKind.Sanitizer.Name() + ":" + summary, $"sanitizer report (not parsed whole): {summary}");
        return null;
    }

    /// <summary>The verdict of <paramref name="report"/>, which ended the worker of <paramref name="crash"/>, or which a
    /// sanitizer that goes on after a report printed (<paramref name="crash"/> null: the worker lived).</summary>
    public static ProcessVerdict Judge(SanitizerReport report, CrashEvidence? crash, string libraryFile, ApiShape? api = null)
    {
        string where = string.Join(" vs ", report.Accesses.Select(a => SanitizerSignature.Site(a.Stack, libraryFile)).Distinct());
        string after = crash is null ? "the worker went on" : $"threads in calls: {CrashOracle.InFlight(crash)}";
        return new ProcessVerdict(FindingKind.Sanitizer, SanitizerSignature.Of(report, libraryFile),
            $"{report.Tool}: {report.Headline}{(where.Length > 0 ? " at " + where : "")}; {after}",
            report, SanitizerKey.Of(report, libraryFile, api));
    }

    /// <summary>"SUMMARY: AddressSanitizer: heap-buffer-overflow /src/svcconf.c:52:9 in table_set" → "heap-buffer-overflow
    /// svcconf.c:52:9 in table_set" (file names without directories, so that the signature does not depend on them).</summary>
    static string? SummaryLine(string stderr) =>
        stderr.Split('\n').LastOrDefault(l => l.StartsWith("SUMMARY: ", StringComparison.Ordinal) && l.Contains("Sanitizer: ", StringComparison.Ordinal)) is { } line
            ? string.Join(' ', line[(line.IndexOf("Sanitizer: ", StringComparison.Ordinal) + "Sanitizer: ".Length)..].Trim().Split(' ').Select(Path.GetFileName))
            : null;
}
