using System.Text.RegularExpressions;

namespace Stampede.Sanitizers;

/// <summary>
/// Finds the reports in a process's standard error, whatever else it holds (the program's own output, the
/// symbolizer's complaints about managed assemblies it cannot read, the runtime's messages). A report starts at
/// <c>WARNING: ThreadSanitizer: ...</c> / <c>==PID==ERROR: AddressSanitizer: ...</c> (any <c>WARNING|ERROR: XSanitizer:</c>)
/// or at UBSan's <c>file:line:col: runtime error: ...</c>, and ends at the next start, at ThreadSanitizer's closing
/// <c>==================</c> after its SUMMARY, at AddressSanitizer's <c>==PID==ABORTING</c>, or at the end of the text.
/// </summary>
public static partial class ReportSplitter
{
    [GeneratedRegex(@"^(?:==\d+==)?(?:WARNING|ERROR): (\w*Sanitizer): (.*)$")]
    internal static partial Regex StartPattern();

    [GeneratedRegex(@"^(.*?):(\d+):(\d+): runtime error: (.*)$")]
    internal static partial Regex UbsanPattern();

    [GeneratedRegex(@"^==\d+==ABORTING\s*$")]
    private static partial Regex AbortingPattern();

    /// <summary>The reports' lines, each list starting with its headline.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Split(string text)
    {
        var reports = new List<IReadOnlyList<string>>();
        List<string>? current = null;
        bool summarySeen = false;
        foreach (string raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (StartPattern().IsMatch(line) || UbsanPattern().IsMatch(line))
            {
                if (current is not null) reports.Add(current);
                current = [line];
                summarySeen = false;
                continue;
            }
            if (current is null) continue;
            if (AbortingPattern().IsMatch(line))
            {
                reports.Add(current);
                current = null;
                continue;
            }
            if (summarySeen && line.StartsWith("==================", StringComparison.Ordinal))
            {
                reports.Add(current);
                current = null;
                continue;
            }
            current.Add(line);
            if (line.StartsWith("SUMMARY: ", StringComparison.Ordinal))
            {
                summarySeen = true;
                // UBSan's report ends with its SUMMARY line; TSan's with the rule after it; ASan's shadow map follows it.
                if (line.StartsWith("SUMMARY: UndefinedBehaviorSanitizer", StringComparison.Ordinal))
                {
                    reports.Add(current);
                    current = null;
                }
            }
        }
        if (current is not null) reports.Add(current);
        return reports;
    }
}
