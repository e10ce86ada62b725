using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Reports;

/// <summary>
/// <c>junit.xml</c>: the run as one test suite, so a CI test tab lists each finding as a test case — failing when the
/// finding fails the run (<see cref="ReportedFinding.Fails"/>), passing otherwise. Its shape is the Ant/Jenkins JUnit
/// schema's (JUnit.xsd): that schema allows no output inside a test case, so a passing finding says where it stands in
/// its name (<c>still-present: race:kv_store</c>) and in the suite's <c>system-out</c>. A run without findings is one
/// test case named for the run, failing only when the run does, so CI always shows the run.
/// </summary>
public sealed class JUnitWriter : IRunReportWriter
{
    /// <summary>The suite's host: fixed, so a report depends on the run alone (the schema's own word for unknown).</summary>
    private const string HostName = "localhost";

    /// <summary>The failure type of the test case that stands for a run without findings that still failed.</summary>
    private const string RunFailureType = "run";

    /// <summary>How many frames of a failing finding's first stack its failure text shows.</summary>
    private const int FramesShown = 12;

    public string FileName => "junit.xml";

    public string Render(RunReport run)
    {
        var library = Text(run.Library);
        List<XElement> cases = run.Findings.Count == 0 ? [RunCase(run, library)] : [.. run.Findings.Select(f => FindingCase(f, library))];
        var suite = new XElement("testsuite",
            new XAttribute("name", $"stampede {EnumText.Name(run.Kind)} {library}"),
            // JUnit.xsd requires package and id on a suite inside <testsuites>: the tool, and the first suite.
            new XAttribute("package", "stampede"),
            new XAttribute("id", 0),
            new XAttribute("timestamp", run.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("hostname", HostName),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(run.Duration)),
            Properties(run),
            cases,
            new XElement("system-out", SystemOut(run)),
            new XElement("system-err", ""));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
        return document.Declaration + "\n" + document + "\n";
    }

    private static XElement Properties(RunReport run)
    {
        var properties = new List<(string Name, string? Value)>
        {
            ("kind", EnumText.Name(run.Kind)),
            ("library", run.Library),
            ("command", run.CommandLine),
            ("exit-code", run.ExitCode.ToString(CultureInfo.InvariantCulture)),
            ("verdict", run.Verdict),
            ("baseline", run.Baseline),
            ("candidate", run.Candidate),
        };
        return new XElement("properties", properties.Where(p => p.Value is not null)
            .Select(p => new XElement("property", new XAttribute("name", p.Name), new XAttribute("value", Text(p.Value!)))));
    }

    private static XElement FindingCase(ReportedFinding finding, string library)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", library),
            new XAttribute("name", $"{EnumText.Name(finding.Status)}: {Text(finding.Signature)}"),
            new XAttribute("time", 0));
        if (finding.Fails)
            testCase.Add(new XElement("failure",
                new XAttribute("message", Text(finding.Recorded.Finding.Summary)),
                new XAttribute("type", finding.Recorded.Finding.Kind.Name()),
                FailureText(finding)));
        return testCase;
    }

    private static XElement RunCase(RunReport run, string library)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", library),
            new XAttribute("name", $"stampede {EnumText.Name(run.Kind)} {library}: no findings"),
            new XAttribute("time", Seconds(run.Duration)));
        if (run.ExitCode != 0)
            testCase.Add(new XElement("failure",
                new XAttribute("message", Text(run.Verdict)),
                new XAttribute("type", RunFailureType),
                Text($"{run.Verdict}\nexit code: {run.ExitCode}\ncommand: {run.CommandLine}\n", keepLines: true)));
        return testCase;
    }

    /// <summary>What a CI tab shows under a failing finding: what happened, what triage made of it, how often it came
    /// back, the command that shows it again, and where the first stack was.</summary>
    private static string FailureText(ReportedFinding finding)
    {
        var recorded = finding.Recorded;
        var text = new StringBuilder()
            .Append(recorded.Finding.Summary).Append('\n')
            .Append("signature: ").Append(finding.Signature).Append('\n')
            .Append("kind: ").Append(recorded.Finding.Kind.Name()).Append('\n')
            .Append("status: ").Append(EnumText.Name(finding.Status)).Append('\n')
            .Append("triage: ").Append(recorded.Label).Append('\n')
            .Append("hits: ").Append(recorded.Hits.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (finding.Candidate is { } candidate) text.Append("reproduced on the candidate: ").Append(candidate).Append('\n');
        if (finding.Baseline is { } baseline) text.Append("reproduced on the baseline: ").Append(baseline).Append('\n');
        text.Append("reproduce: ").Append(finding.ReproduceCommand).Append('\n');
        if (recorded.Finding.Stacks.FirstOrDefault() is { } stack)
        {
            text.Append('\n').Append(stack.Name).Append('\n');
            foreach (var frame in stack.Frames.Take(FramesShown))
                text.Append("  at ").Append(frame.Function ?? "??").Append(" (").Append(frame.Location ?? frame.Module).Append(")\n");
            if (stack.Frames.Count > FramesShown) text.Append("  …\n");
        }
        return Text(text.ToString(), keepLines: true);
    }

    /// <summary>A summary line for every finding, passing ones included: where a CI tab shows a suite's output, the
    /// flaky and still-present findings are read there.</summary>
    private static string SystemOut(RunReport run)
    {
        var text = new StringBuilder()
            .Append(run.Verdict).Append('\n')
            .Append("exit code: ").Append(run.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("command: ").Append(run.CommandLine).Append('\n');
        foreach (var finding in run.Findings)
            text.Append(EnumText.Name(finding.Status)).Append(' ').Append(finding.Signature)
                .Append(" (").Append(finding.Recorded.Label)
                .Append(finding.Candidate is { } c ? $"; candidate {c}" : "")
                .Append(finding.Baseline is { } b ? $"; baseline {b}" : "")
                .Append("): ").Append(finding.ReproduceCommand).Append('\n');
        return Text(text.ToString(), keepLines: true);
    }

    /// <summary>
    /// Target text as XML 1.0 can hold it. <see cref="MarkdownText.Visible"/> writes controls (NUL and U+0001
    /// included), format characters, separators, noncharacters (U+FFFE) and unpaired surrogates as escapes, as
    /// report.md shows them — which leaves only characters XML allows; markup characters are then escaped by the XML
    /// writer itself.
    /// </summary>
    /// <param name="keepLines">Keep line feeds and tabs: the text is a block (a failure's body, system-out).</param>
    private static string Text(string text, bool keepLines = false) => MarkdownText.Visible(text, keepLines);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

}
