using System.Globalization;
using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Stampede.NUnit;

/// <summary>
/// A concurrency fuzz test in one line: <c>StampedeAssert.NoFindings("harness", TimeSpan.FromSeconds(30));</c> runs a
/// time-boxed <c>stampede fuzz</c> campaign on the harness and fails with each finding's summary, report and repro
/// command. The campaign's outputs (summary.json, junit.xml, results.sarif, report.html) and its corpus stay under the
/// test's work directory, and are attached to the test result.
/// </summary>
public static class StampedeAssert
{
    /// <summary>How much longer than its duration a campaign may take before the test stops it: triage and minimization
    /// of what it found run after the time box (the tool's own cap is twice the duration, at least a minute more).</summary>
    static TimeSpan Slack(TimeSpan duration) => duration + TimeSpan.FromMinutes(2);

    /// <param name="harness">The harness directory (made by <c>stampede new</c>); a relative path is looked up from the
    /// test's directory upwards (<see cref="TestPaths"/>).</param>
    /// <param name="duration">How long to generate and run programs.</param>
    public static void NoFindings(string harness, TimeSpan duration, FuzzSettings? settings = null)
    {
        settings ??= FuzzSettings.Default;
        string harnessDirectory = TestPaths.Find(harness);
        string run = RunDirectory(harnessDirectory);
        string outputs = Path.Combine(run, "report");
        var arguments = new List<string>
        {
            "fuzz", "--harness", harnessDirectory,
            "--duration", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture),
            "--corpus", settings.Corpus is { } corpus ? TestPaths.Find(corpus) : Path.Combine(run, "corpus"),
            "--out", outputs,
        };
        if (settings.Known is { } known) arguments.AddRange(["--known", TestPaths.Find(known)]);
        arguments.AddRange(settings.Arguments ?? []);

        var result = StampedeCli.Run(TestPaths.TestDirectory, duration + Slack(duration), [.. arguments]);
        Attach(outputs);
        switch (result.ExitCode)
        {
            case 0: return;
            case 1: Assert.Fail(FindingsMessage(harnessDirectory, settings, Path.Combine(outputs, "summary.json"), result)); break;
            default: Assert.Fail($"stampede fuzz could not run: {result.LastLine}"); break;
        }
    }

    /// <summary>The findings that failed the run, each with what it is and how to run it again.</summary>
    static string FindingsMessage(string harness, FuzzSettings settings, string summaryFile, StampedeCli.Result result)
    {
        if (!File.Exists(summaryFile)) return $"stampede fuzz reported findings but wrote no summary: {result.LastLine}";
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryFile));
        var failing = summary.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("fails", out var fails) && fails.GetBoolean())
            .ToList();
        var text = new StringBuilder($"stampede found {failing.Count} finding(s) in {harness} (seed {settings.Seed}):\n");
        foreach (var finding in failing)
        {
            text.Append($"  {Text(finding, "kind")} {Text(finding, "signature")}: {Text(finding, "summary")}");
            if (finding.TryGetProperty("triage", out var triage) && triage.ValueKind == JsonValueKind.String) text.Append($" [{triage.GetString()}]");
            text.Append('\n');
            if (Text(finding, "reproduce") is { Length: > 0 } reproduce) text.Append($"    reproduce: {reproduce}\n");
            if (Text(finding, "directory") is { Length: > 0 } directory) text.Append($"    report: {Path.Combine(directory, "report.md")}\n");
        }
        return text.ToString();
    }

    static string Text(JsonElement finding, string property) =>
        finding.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>A directory of this test's own for one run, under NUnit's work directory.</summary>
    internal static string RunDirectory(string harness)
    {
        string test = TestContext.CurrentContext.Test.Name is { Length: > 0 } name ? name : Path.GetFileName(harness);
        string safe = new(test.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "stampede-runs",
            $"{safe}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    static void Attach(string outputs)
    {
        foreach (var file in new[] { "summary.json", "report.html" }.Select(f => Path.Combine(outputs, f)).Where(File.Exists))
            TestContext.AddTestAttachment(file);
    }
}
