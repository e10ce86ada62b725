using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Reports;

/// <summary>
/// <c>results.sarif</c>: the run's open findings as SARIF 2.1.0, for code scanning (GitHub's, or any SARIF viewer).
/// One rule per kind of finding, one result per finding that is new, still present or flaky, located at the innermost
/// native frame with a source line of each of its stacks, and fingerprinted by its signature so that a result keeps
/// its identity from run to run however its stacks move.
/// </summary>
/// <remarks>
/// Fixed and passed findings are left out rather than reported with <c>baselineState: "absent"</c>: code scanning
/// opens an alert for every result in a file whatever its baseline state, and closes an alert whose fingerprint a later
/// upload no longer has — so leaving a fixed finding out is what closes it there.
/// </remarks>
public sealed partial class SarifWriter : IRunReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SarifVersion = "2.1.0";
    public const string ToolName = "Stampede";

    /// <summary>The key of a result's <c>partialFingerprints</c>; its value is the finding's signature.</summary>
    public const string FingerprintKey = "stampede/v1";

    /// <summary>The <c>uriBaseId</c> of paths under <see cref="RunReport.SourceRoot"/>.</summary>
    public const string SourceRootBaseId = "SRCROOT";

    /// <summary>The project's page, written as the tool's <c>informationUri</c>; left out while unset.</summary>
    public Uri? InformationUri { get; init; }

    public string FileName => "results.sarif";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Not embedded in HTML, so keep non-ASCII and <>& readable; quotes, backslashes and controls are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Render(RunReport run)
    {
        var open = run.Findings.Where(f => IsOpen(f.Status)).ToList();
        var kinds = open.Select(f => f.Recorded.Finding.Kind).Distinct().Order().ToList();
        var root = run.SourceRoot is null ? null : Segments(Path.GetFullPath(run.SourceRoot));
        var sarifRun = new JsonObject
        {
            ["tool"] = new JsonObject { ["driver"] = Driver(kinds) },
            // Code scanning closes the alerts an upload of the same category no longer has: one category per library,
            // so uploads for several libraries do not close each other's alerts.
            ["automationDetails"] = new JsonObject { ["id"] = $"stampede/{Text(run.Library)}/" },
            ["invocations"] = new JsonArray(Invocation(run)),
        };
        if (root is not null)
            sarifRun["originalUriBaseIds"] = new JsonObject
            {
                // A base URI ends with a slash, or the last segment of the root would be replaced when resolving.
                [SourceRootBaseId] = new JsonObject { ["uri"] = root.Count == 0 ? "file:///" : FileUri(root) + "/" },
            };
        sarifRun["results"] = new JsonArray([.. open.Select(f => Result(f, kinds.IndexOf(f.Recorded.Finding.Kind), run, root))]);
        sarifRun["properties"] = new JsonObject { ["kind"] = EnumText.Name(run.Kind), ["verdict"] = Text(run.Verdict) };

        var log = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = SarifVersion,
            ["runs"] = new JsonArray(sarifRun),
        };
        return log.ToJsonString(Options) + "\n";
    }

    /// <summary>What code scanning should show as open: what fails a run, and what is still there or may be.</summary>
    private static bool IsOpen(FindingStatus status) => status is FindingStatus.New or FindingStatus.StillPresent or FindingStatus.Flaky;

    private JsonObject Driver(IReadOnlyList<FindingKind> kinds)
    {
        var driver = new JsonObject { ["name"] = ToolName };
        if (InformationUri is not null) driver["informationUri"] = InformationUri.AbsoluteUri;
        driver["rules"] = new JsonArray([.. kinds.Select(kind => new JsonObject
        {
            ["id"] = kind.Name(),
            ["name"] = kind.ToString(),
            ["shortDescription"] = new JsonObject { ["text"] = Description(kind) },
        })]);
        return driver;
    }

    private static string Description(FindingKind kind) => kind switch
    {
        FindingKind.Crash => "The worker process died while the program ran: a signal, or glibc's abort on a corrupted heap.",
        FindingKind.Hang => "The program's threads did not finish: a deadlock or a livelock.",
        FindingKind.OutOfMemory => "The worker's resident memory grew past its limit while the program ran.",
        FindingKind.NotLinearizable => "No sequential order of the same calls gives the results the threads saw.",
        FindingKind.Isolation => "A thread saw another thread's data through hidden shared state.",
        FindingKind.Invariant => "An invariant the harness supplies did not hold.",
        FindingKind.Sanitizer => "ThreadSanitizer or AddressSanitizer reported a problem in the library.",
        FindingKind.Coyote => "Coyote reported a bug of its own in a systematic run.",
        _ => $"A finding of kind {kind.Name()}.",
    };

    private static JsonObject Invocation(RunReport run) => new()
    {
        ["commandLine"] = Text(run.CommandLine),
        ["startTimeUtc"] = run.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["endTimeUtc"] = (run.Started + run.Duration).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["exitCode"] = run.ExitCode,
        // Exit code 1 is a run that worked and found something; 2 is one that could not run.
        ["executionSuccessful"] = run.ExitCode is 0 or 1,
    };

    private static JsonObject Result(ReportedFinding finding, int ruleIndex, RunReport run, IReadOnlyList<string>? root)
    {
        var recorded = finding.Recorded;
        var result = new JsonObject
        {
            ["ruleId"] = recorded.Finding.Kind.Name(),
            ["ruleIndex"] = ruleIndex,
            ["level"] = finding.Fails ? "error" : "warning",
            ["message"] = new JsonObject { ["text"] = Message(finding) },
            ["locations"] = Locations(finding, run.Library, root),
            ["partialFingerprints"] = new JsonObject { [FingerprintKey] = Text(finding.Signature) },
        };
        // Flaky says nothing of the baseline (seen once, on either side), so it states no baseline state.
        if (BaselineState(finding.Status) is { } state) result["baselineState"] = state;
        if (CodeFlow(recorded) is { } codeFlow) result["codeFlows"] = new JsonArray(codeFlow);
        var properties = new JsonObject
        {
            ["status"] = EnumText.Name(finding.Status),
            ["triage"] = recorded.Label,
            ["hits"] = recorded.Hits,
        };
        if (finding.Candidate is { } candidate) properties["candidate"] = candidate.ToString();
        if (finding.Baseline is { } baseline) properties["baseline"] = baseline.ToString();
        result["properties"] = properties;
        return result;
    }

    private static string? BaselineState(FindingStatus status) => status switch
    {
        FindingStatus.New => "new",
        FindingStatus.StillPresent => "unchanged",
        _ => null,
    };

    /// <summary>The summary first (viewers show a message's first line as its title), then triage, reproduction and the
    /// command that shows it again.</summary>
    private static string Message(ReportedFinding finding)
    {
        var text = new StringBuilder()
            .Append(finding.Recorded.Finding.Summary).Append('\n')
            .Append("Signature: ").Append(finding.Signature).Append('\n')
            .Append("Triage: ").Append(finding.Recorded.Label).Append('\n');
        if (finding.Candidate is { } candidate) text.Append("Reproduced on the candidate: ").Append(candidate).Append('\n');
        if (finding.Baseline is { } baseline) text.Append("Reproduced on the baseline: ").Append(baseline).Append('\n');
        text.Append("Reproduce: ").Append(finding.ReproduceCommand);
        return Text(text.ToString(), keepLines: true);
    }

    /// <summary>
    /// Per stack, its innermost frame in native code (managed frames are in a .dll) whose location has a line. A
    /// finding with no such frame (a hang's threads in libc without debug information, an oracle's verdict) is placed
    /// at the program that shows it, line 1, in its corpus directory: code scanning rejects a whole file when one
    /// result has no physical location. Only a finding that was never written to a corpus has none.
    /// </summary>
    private static JsonArray Locations(ReportedFinding finding, string library, IReadOnlyList<string>? root)
    {
        var locations = new List<JsonObject>();
        var seen = new HashSet<(string, string?, int, int?)>();
        foreach (var stack in finding.Recorded.Finding.Stacks)
        {
            foreach (var frame in stack.Frames)
            {
                if (frame.Module.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                if (SourcePlace.Parse(frame.Location) is not { } place) continue;
                var artifact = Artifact(place.File, root);
                if (seen.Add((artifact.Uri, artifact.BaseId, place.Line, place.Column)))
                {
                    var location = new JsonObject
                    {
                        ["physicalLocation"] = PhysicalLocation(artifact, place.Line, place.Column),
                        ["message"] = new JsonObject { ["text"] = Text(stack.Name) },
                    };
                    if (frame.Function is not null)
                        location["logicalLocations"] = new JsonArray(LogicalLocation(frame.Function, "function"));
                    locations.Add(location);
                }
                break;
            }
        }
        if (locations.Count > 0) return new JsonArray([.. locations]);

        var libraryLocation = new JsonObject { ["logicalLocations"] = new JsonArray(LogicalLocation(library, "module")) };
        if (finding.Recorded.Directory.Length > 0)
        {
            var program = Path.Combine(finding.Recorded.Directory,
                finding.Recorded.MinimizedProgram is null ? CorpusLayout.ProgramFile : CorpusLayout.MinimizedFile);
            libraryLocation["physicalLocation"] = PhysicalLocation(Artifact(program, root), line: 1, column: null);
            libraryLocation["message"] = new JsonObject { ["text"] = "the program that shows it" };
        }
        return new JsonArray(libraryLocation);
    }

    private static JsonObject PhysicalLocation((string Uri, string? BaseId) artifact, int line, int? column)
    {
        var artifactLocation = new JsonObject { ["uri"] = artifact.Uri };
        if (artifact.BaseId is not null) artifactLocation["uriBaseId"] = artifact.BaseId;
        var region = new JsonObject { ["startLine"] = line };
        if (column is not null) region["startColumn"] = column;
        return new JsonObject { ["artifactLocation"] = artifactLocation, ["region"] = region };
    }

    private static JsonObject LogicalLocation(string name, string kind) => new() { ["name"] = Text(name), ["kind"] = kind };

    /// <summary>
    /// A path as a URI: relative to the source root (with its base id) when it lies under it, a file URI when it is
    /// absolute elsewhere, a relative reference as the debug information gave it otherwise. Every segment is
    /// percent-escaped, so a file name the target chose (spaces, <c>#</c>, <c>%</c>, a colon) cannot change the URI's
    /// structure.
    /// </summary>
    private static (string Uri, string? BaseId) Artifact(string file, IReadOnlyList<string>? root)
    {
        if (!file.StartsWith('/')) return (Escaped(file.Split('/')), null);
        var segments = Segments(file);
        if (root is not null && segments.Count > root.Count && root.Select((s, i) => s == segments[i]).All(same => same))
            return (Escaped(segments.Skip(root.Count)), SourceRootBaseId);
        return (FileUri(segments), null);
    }

    /// <summary>An absolute path's segments with <c>.</c> and <c>..</c> resolved as text: the path names a file on the
    /// machine that built the library, so nothing here reads the file system.</summary>
    private static List<string> Segments(string absolutePath)
    {
        var segments = new List<string>();
        foreach (var segment in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..") { if (segments.Count > 0) segments.RemoveAt(segments.Count - 1); }
            else if (segment != ".") segments.Add(segment);
        }
        return segments;
    }

    private static string FileUri(IEnumerable<string> segments) => "file:///" + Escaped(segments);

    /// <summary>Segments percent-escaped and joined; made <see cref="MarkdownText.Visible"/> first, since an unpaired
    /// surrogate has no UTF-8 to escape.</summary>
    private static string Escaped(IEnumerable<string> segments) =>
        string.Join('/', segments.Select(s => Uri.EscapeDataString(MarkdownText.Visible(s))));

    /// <summary>
    /// One code flow: a thread flow per program thread of the failing run's timeline (the minimized program's when
    /// minimization kept one), its calls in program order, numbered across threads by when they started.
    /// </summary>
    private static JsonObject? CodeFlow(RecordedFinding recorded)
    {
        var timeline = recorded.MinimizedTimeline ?? recorded.Finding.Timeline;
        var started = timeline.SelectMany((thread, t) => thread.Calls.Select((call, c) => (t, c, call.StartMicros)))
            .OrderBy(x => x.StartMicros).ThenBy(x => x.t).ThenBy(x => x.c)
            .Select((x, order) => (x.t, x.c, Order: order + 1))
            .ToDictionary(x => (x.t, x.c), x => x.Order);
        var threadFlows = timeline.Select((thread, t) => (thread, t)).Where(x => x.thread.Calls.Count > 0)
            .Select(x => new JsonObject
            {
                ["id"] = Text(x.thread.Thread),
                ["message"] = new JsonObject { ["text"] = Text(x.thread.Thread) },
                ["locations"] = new JsonArray([.. x.thread.Calls.Select((call, c) => CallLocation(call, c == x.thread.InFlight, started[(x.t, c)]))]),
            }).ToArray();
        return threadFlows.Length == 0 ? null : new JsonObject { ["threadFlows"] = new JsonArray(threadFlows) };
    }

    private static JsonObject CallLocation(TimedCall call, bool inFlight, int executionOrder)
    {
        var what = call.Function + (inFlight ? " (in flight when the run failed)"
            : call.EndMicros is null ? " (did not return)"
            : call.Result is null ? "" : " returned " + call.Result);
        var properties = new JsonObject { ["startMicros"] = call.StartMicros };
        if (call.EndMicros is { } end) properties["endMicros"] = end;
        return new JsonObject
        {
            ["location"] = new JsonObject { ["message"] = new JsonObject { ["text"] = Text(what) } },
            ["kinds"] = new JsonArray("call"),
            ["executionOrder"] = executionOrder,
            ["properties"] = properties,
        };
    }

    /// <summary>Target text made <see cref="MarkdownText.Visible"/>, as report.md and junit.xml show it: no control,
    /// bidi or zero-width character hides text in a viewer, and no unpaired surrogate makes the file invalid UTF-8.</summary>
    private static string Text(string text, bool keepLines = false) => MarkdownText.Visible(text, keepLines);


    /// <summary>A frame's file:line or file:line:column, split; null without a line of 1 or more (0 is debug
    /// information's "no line", and SARIF's lines start at 1).</summary>
    private readonly record struct SourcePlace(string File, int Line, int? Column)
    {
        public static SourcePlace? Parse(string? location)
        {
            if (location is null || LocationPattern().Match(location) is not { Success: true } match) return null;
            if (!int.TryParse(match.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1)
                return null;
            int? column = int.TryParse(match.Groups["column"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0
                ? c : null;
            return new SourcePlace(match.Groups["file"].Value, line, column);
        }
    }

    /// <summary>As <see cref="SourceLines.Parse"/> reads a location, keeping the column it drops.</summary>
    [GeneratedRegex(@"^(?<file>.+?):(?<line>[0-9]+)(?::(?<column>[0-9]+))?$")]
    private static partial Regex LocationPattern();
}
