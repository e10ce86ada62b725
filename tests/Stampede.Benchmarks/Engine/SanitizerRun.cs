using Stampede.Harnesses;
using System.Text.RegularExpressions;
using Stampede.Campaigns;
using Stampede.Model;
using Stampede.Sanitizers;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.CallLayer;

namespace Stampede.Benchmarks.Engine;

/// <summary>The first sanitizer finding that detected a group in one campaign: when, the report's kind, its signature,
/// and whether the signature names a source line for every site (the racing lines).</summary>
public sealed record SanitizerDetection(RaceGroup Group, double Seconds, string ReportKind, string Signature, bool LinesNamed);

/// <summary>What one campaign under a sanitizer (one library, one seed) found: the groups its sanitizer findings
/// detected, the groups its other findings (oracles, crashes, hangs) detected as in the detect part, and the findings
/// that detected nothing.</summary>
public sealed record SanitizerCampaignResult(
    string Library, int Seed, string Sanitizer, double Seconds,
    IReadOnlyDictionary<string, SanitizerDetection> BySanitizer,
    IReadOnlyDictionary<string, Detection> ByOtherFindings,
    IReadOnlyList<StrayFinding> Strays, int SanitizerFindings, CampaignStatus Status, bool Stalled)
{
    /// <summary>The distinct identities of the campaign's sanitizer findings (<c>race:@duration_buffer</c>), each with
    /// when it was first reported.</summary>
    public IReadOnlyDictionary<string, double> SanitizerKeys { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// One campaign exactly like the detect part's (<see cref="DetectionRun"/>: <c>stampede fuzz --jobs 1 --seed s</c>),
/// with its workers under a sanitizer: the library's instrumented build, the clang-19 runtime preloaded, the shipped
/// suppressions (<see cref="Sanitizer.WorkerEnvironment"/>). A sanitizer finding detects a group when the library's
/// exported functions named in its report's stacks (native frames, and the bindings' JIT-compiled frames named from the
/// perf map, <c>Native::kv_put</c>) include a function of the group. Stops early once every group in
/// <paramref name="wanted"/> is detected by a sanitizer finding (never, when it is empty: the negative controls).
/// </summary>
public static partial class SanitizerRun
{
    public static SanitizerCampaignResult Run(
        Contracts contracts, string library, string harness, int seed, TimeSpan cap, Sanitizer sanitizer,
        IReadOnlyCollection<string> wanted, WorkerLaunch cli, string repo, Action<string> log)
    {
        string plain = PlainLibrary(harness);
        string? instrumented = sanitizer.InstrumentedLibrary(plain);
        var launch = sanitizer.Launch(cli, Path.Combine(repo, "native", "sanitizers"));
        // The workers load the instrumented build, and crashes are symbolized against it.
        var opened = Harness.Open(harness, instrumented);
        var matcher = new FindingMatcher(contracts, library);
        var bySanitizer = new Dictionary<string, SanitizerDetection>();
        var byOther = new Dictionary<string, Detection>();
        var strays = new Dictionary<string, StrayFinding>();
        int sanitizerFindings = 0;
        var keys = new Dictionary<string, double>();
        var gate = new object();
        string tag = $"{library} seed {seed} {SanitizerExpectations.Short(sanitizer.Name)}";
        using var cancel = new CancellationTokenSource();
        string corpus = Directory.CreateTempSubdirectory("stampede-bench-corpus-").FullName;
        Campaign? campaign = null;
        campaign = new Campaign(opened, new CampaignOptions(cap, Seed: seed, CorpusDirectory: corpus, Jobs: 1), launch, finding =>
        {
            double seconds = campaign!.Status().Elapsed.TotalSeconds;
            lock (gate)
            {
                if (finding.Sanitizer is { } report)
                {
                    sanitizerFindings++;
                    keys.TryAdd(finding.Signature, seconds);
                    var functions = NamedFunctions(report).Where(f => contracts.ContractOf(library, f) is not null).Distinct().ToArray();
                    var groups = contracts.GroupsOf(library).Where(g => g.Functions.Intersect(functions).Any()).ToArray();
                    foreach (var group in groups)
                        if (bySanitizer.TryAdd(group.Name, new SanitizerDetection(group, seconds, report.Kind, finding.Signature, LinesNamed(finding.Signature))))
                            log($"  {tag}: {group.Name} at {seconds:F1}s by {finding.Signature}");
                    if (groups.Length == 0 && !strays.ContainsKey(finding.Signature))
                    {
                        bool falsePositive = functions.Length == 0 || functions.All(f => contracts.ContractOf(library, f) == "mt-safe");
                        strays[finding.Signature] = new StrayFinding(library, seed, seconds, finding.Kind.Name(), finding.Signature, falsePositive);
                        log($"  {tag}: {(falsePositive ? "FALSE REPORT" : "other report")} {finding.Signature} ({string.Join(", ", functions)})");
                    }
                }
                else
                {
                    var verdict = matcher.Judge(finding);
                    foreach (var group in verdict.Groups)
                        if (byOther.TryAdd(group.Name, new Detection(group, seconds, finding.Kind.Name(), finding.Signature)))
                            log($"  {tag}: {group.Name} at {seconds:F1}s by {finding.Signature} (not a sanitizer report)");
                    if (verdict.Groups.Count == 0 && !strays.ContainsKey(finding.Signature))
                    {
                        strays[finding.Signature] = new StrayFinding(library, seed, seconds, finding.Kind.Name(), finding.Signature, verdict.FalsePositive);
                        log($"  {tag}: {(verdict.FalsePositive ? "FALSE POSITIVE" : "other finding")} {finding.Signature}");
                    }
                }
                if (wanted.Count > 0 && wanted.All(bySanitizer.ContainsKey)) cancel.Cancel();
            }
        });
        var (status, stalled) = OverrunGuard.Run(() => campaign.Run(cancel.Token), cap, log);
        log($"  {tag}: {status.Line()}");
        try { Directory.Delete(corpus, recursive: true); } catch (IOException) { }
        lock (gate)
            return new SanitizerCampaignResult(library, seed, sanitizer.Name, status.Elapsed.TotalSeconds,
                new Dictionary<string, SanitizerDetection>(bySanitizer), new Dictionary<string, Detection>(byOther),
                strays.Values.OrderBy(s => s.Seconds).ToArray(), sanitizerFindings, status, stalled)
            { SanitizerKeys = new Dictionary<string, double>(keys) };
    }

    /// <summary>The library file the harness names (the plain build).</summary>
    public static string PlainLibrary(string harness) => Harness.Open(harness).LibraryPath;

    /// <summary>Every function a report's stacks name: native frames' functions and, for JIT-compiled frames, the
    /// managed method's name (<c>Stampede.Harnesses.Kvstore.Native::kv_put</c> → <c>kv_put</c>).</summary>
    public static IEnumerable<string> NamedFunctions(SanitizerReport report) =>
        report.Stacks().SelectMany(s => s.Frames).SelectMany(f => new[] { f.Function, MethodName(f.ManagedMethod) }).OfType<string>();

    static string? MethodName(string? managed)
    {
        if (managed is null) return null;
        int paren = managed.IndexOf('(');
        string name = paren >= 0 ? managed[..paren] : managed;
        int colons = name.LastIndexOf("::", StringComparison.Ordinal);
        return colons >= 0 ? name[(colons + 2)..] : name;
    }

    /// <summary>Whether every site of a sanitizer signature (<c>sanitizer:data-race:textkit.c:86|textkit.c:94</c>,
    /// <c>sanitizer:double-free:objcache.c:47|free:objcache.c:47</c>) is a source file and line.</summary>
    public static bool LinesNamed(string signature)
    {
        string[] parts = signature.Split(':', 3);
        if (parts.Length < 3 || parts[2].Length == 0) return false;
        return parts[2].Split('|').All(site => SourceLine().IsMatch(site.StartsWith("free:", StringComparison.Ordinal) ? site[5..] : site));
    }

    [GeneratedRegex(@"^[^:|\s]+\.[A-Za-z]+:\d+$")]
    private static partial Regex SourceLine();
}
