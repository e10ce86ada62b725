using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Model;
using Stampede.Model.Programs;
using Stampede.Sanitizers;

namespace Stampede.Campaigns.Attribution;

/// <summary>
/// Names the cause of a plain crash: one race crashes at several places (a torn table read in <c>find</c>, heap
/// corruption glibc notices later in <c>malloc_consolidate</c>), so the place cannot be the finding's identity. The
/// crash's program runs again in workers of the library's ThreadSanitizer build, then its AddressSanitizer build (those
/// that exist beside it), until one reports on the library; when the report has two sides, its key
/// (<see cref="SanitizerKey"/>: <c>race:kv_store</c>) becomes the finding's signature, the crash's place its
/// variant, and the report is kept as the evidence. A report of one place only (an overflow, UBSan's null
/// dereference) is attached, but the crash keeps its own place: one place is as good a name as another.
/// ThreadSanitizer comes first because it reports the conflicting accesses whether or not memory was damaged in that
/// run, and names both sides. Each program that crashes is named once per place for the rest of the
/// command (reproduction runs one program many times); a place in the library's own code named alike
/// <see cref="SettledAfter"/> times is named so without further runs. A crash no sanitizer build could name keeps its
/// place as its signature and says why in its details.
/// </summary>
public sealed class CrashAttribution : IDisposable
{
    /// <summary>Runs per sanitizer build, each of <see cref="Repetitions"/> repetitions: a race that crashed a plain
    /// run is seen by ThreadSanitizer in most runs of its program, since it needs the accesses to overlap in time only
    /// within its history window, not the memory to be damaged.</summary>
    public const int Runs = 3;
    public const int Repetitions = 200;

    /// <summary>How many times a place in the library's code must be named alike before it is named without a run.</summary>
    public const int SettledAfter = 3;

    /// <summary>The details entry a crash's attribution is explained under.</summary>
    public const string DetailsKey = "root cause";

    readonly Harness harness;
    readonly IReadOnlyList<(Sanitizer Sanitizer, Reproducer Reproducer)> builds;
    readonly string unavailable;
    readonly TimeSpan hang;
    // What each (place, program) was named, and what each place was named each time: a place in the library's own code
    // named the same three times over is named so from then on without running again.
    readonly Dictionary<(string Place, string Program), Naming?> byProgram = [];
    readonly Dictionary<string, List<Naming?>> byPlace = new(StringComparer.Ordinal);

    /// <summary>What a sanitizer build (<see cref="Build"/>: its name) reported on a crash's program.</summary>
    sealed record Naming(string Build, CampaignFinding Shown)
    {
        /// <summary>A cause has two sides (two calls raced, one freed what another used, two locked in opposite orders);
        /// a report of one place only (an overflow, a null dereference) is one more place, no better than the crash's.</summary>
        public bool TwoSided => SanitizerKey.IsTwoSided(Shown.Signature);
    }

    readonly object gate = new();

    CrashAttribution(Harness harness, IReadOnlyList<(Sanitizer, Reproducer)> builds, string unavailable, TimeSpan hang) =>
        (this.harness, this.builds, this.unavailable, this.hang) = (harness, builds, unavailable, hang);

    /// <summary>The attribution for crashes of <paramref name="harness"/>'s library, with a worker launch per sanitizer
    /// build beside it (<paramref name="suppressionsDirectory"/> holds the sanitizers' suppressions files).</summary>
    public static CrashAttribution For(Harness harness, WorkerLaunch launch, string suppressionsDirectory, TimeSpan hang)
    {
        var builds = new List<(Sanitizer, Reproducer)>();
        var missing = new List<string>();
        foreach (var sanitizer in Sanitizer.All)
        {
            try
            {
                if (sanitizer.InstrumentedLibrary(harness.LibraryPath) is not { } instrumented)
                {
                    missing.Add(sanitizer.Name);
                    continue;
                }
                builds.Add((sanitizer, new Reproducer(harness.WithLibrary(instrumented), sanitizer.ForNaming().Launch(launch, suppressionsDirectory), hang)));
            }
            catch (HarnessException e) { missing.Add($"{sanitizer.Name} ({e.Message})"); }
        }
        string unavailable = $"not named: no {string.Join(" or ", missing)} build of {harness.LibraryFileName} to run the program " +
                             "again under (docs/sanitizers.md: how to build one beside the library)";
        return new CrashAttribution(harness, builds, unavailable, hang);
    }

    /// <summary>Whether any sanitizer build can name crashes.</summary>
    public bool CanName => builds.Count > 0;

    /// <summary>The finding keyed by its cause when <paramref name="finding"/> is a plain crash a sanitizer build names;
    /// otherwise as it is (a plain crash no build names says so in its details). Once <paramref name="cancel"/> fires,
    /// no further run starts and a crash not named yet is left as it is.</summary>
    public CampaignFinding Attribute(CampaignFinding finding, CancellationToken cancel = default)
    {
        if (finding.Kind != FindingKind.Crash || finding.Sanitizer is not null || finding.Crash is null || finding.NamedBy is not null)
            return finding;
        // One caller's crash has no second side to name (minimization tries many such candidates): its place it is.
        if (ThreadsWithCalls(finding.Program) < 2)
            return finding with { Details = With(finding.Details, "not named: one thread made calls, so nothing raced; its place is its name") };
        string place = finding.Signature;
        Naming? named;
        // One at a time: two jobs that crash alike run the sanitizer builds once between them.
        lock (gate)
        {
            if (!byProgram.TryGetValue((place, finding.Program), out named))
            {
                var before = byPlace.TryGetValue(place, out var list) ? list : byPlace[place] = [];
                if (Settled(before, InLibraryCode(finding))) named = before[^1];
                else
                {
                    named = Name(finding.Program, cancel);
                    if (cancel.IsCancellationRequested) return finding; // cut short: neither named nor known unnamed
                }
                byProgram[(place, finding.Program)] = named;
                before.Add(named);
            }
        }
        if (named is null)
            return finding with { Details = With(finding.Details, CanName
                ? $"not named: under the {string.Join(" and ", builds.Select(b => b.Sanitizer.Name))} build(s) the program ran " +
                  $"{Runs} x {Repetitions} times each without a report on the library (it crashed at {place})"
                : unavailable) };
        var (build, shown) = named;
        if (!named.TwoSided)
            return finding with
            {
                NamedBy = shown.Sanitizer,
                Details = With(finding.Details, $"not named: the {build} build reports one side only ({shown.Signature}), " +
                                                "so the crash keeps its place; its report is attached"),
            };
        return finding with
        {
            Signature = shown.Signature,
            Variant = place,
            NamedBy = shown.Sanitizer,
            Summary = $"{finding.Summary}; named by the {build} build: {shown.Sanitizer!.Kind}",
            Details = With(finding.Details, $"{shown.Signature}, named by the {build} build ({shown.Variant ?? shown.Signature})"),
        };
    }

    /// <summary>Whether a place's earlier namings settle it: the place is in the library's own code (glibc's heap
    /// messages and crashes outside any library frame are the same place for every heap corruption, so they are never
    /// settled), and it was named the same way the last <see cref="SettledAfter"/> times.</summary>
    static bool Settled(List<Naming?> before, bool inLibraryCode) =>
        inLibraryCode && before.Count >= SettledAfter &&
        before.TakeLast(SettledAfter).Select(n => n?.Shown.Signature).Distinct().Count() == 1;

    bool InLibraryCode(CampaignFinding finding) =>
        finding.Crash!.CrashingStack.Any(f => !f.Managed && f.Module == harness.LibraryFileName && f.Function is not null);

    /// <summary>The first two-sided sanitizer finding on the library that <paramref name="program"/> shows under a
    /// sanitizer build; else the first one-sided one; else null. A build that reported one side goes on to the next
    /// build, not to more runs of its own: its report of that program is as deterministic as the place it names.</summary>
    Naming? Name(string program, CancellationToken cancel)
    {
        ConcurrentProgram parsed;
        try { parsed = ProgramText.Parse(program, harness.Model); }
        catch (ProgramTextException) { return null; }
        Naming? oneSided = null;
        foreach (var (sanitizer, reproducer) in builds)
            for (int run = 0; run < Runs && !cancel.IsCancellationRequested; run++)
            {
                CampaignFinding? shown;
                try { shown = reproducer.RunOnce(parsed, Repetitions, requestSeconds: Math.Max(20, hang.TotalSeconds)); }
                catch (HarnessException) { break; } // this build's workers cannot run it: try the next
                if (shown is not { Kind: FindingKind.Sanitizer, Sanitizer: not null }) continue;
                var naming = new Naming(sanitizer.Name, shown);
                if (naming.TwoSided) return naming;
                oneSided ??= naming;
                break;
            }
        return oneSided;
    }

    static int ThreadsWithCalls(string program)
    {
        try { return ProgramText.Parse(program).Threads.Count(t => t.Calls.Count > 0); }
        catch (ProgramTextException) { return 2; } // unreadable here: let the sanitizer builds judge it
    }

    static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? details, string rootCause) =>
        new(details ?? new Dictionary<string, string>()) { [DetailsKey] = rootCause };

    public void Dispose()
    {
        foreach (var (_, reproducer) in builds) reproducer.Dispose();
    }
}
