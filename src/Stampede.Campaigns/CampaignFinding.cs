using Stampede.Model.Api;
using Stampede.Harnesses;
using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;
using Stampede.Campaigns.Supervision;
using Stampede.Worker;

namespace Stampede.Campaigns;

/// <summary>
/// One failure a campaign observed, with everything known about it: the program as it ran, the oracle's timeline of
/// calls, or the evidence a crash, hang or memory overrun left. <see cref="Signature"/> identifies it across hits: the
/// root cause's key when one is known (a sanitizer named what conflicted, <see cref="SanitizerKey"/>), the place it
/// failed otherwise; <see cref="Variant"/> keeps that place when the key is not it (a race crashes at several places).
/// The process-level oracles (<see cref="CrashOracle"/>, <see cref="HangOracle"/>, <see cref="MemoryOracle"/>) sign
/// deaths, hangs and memory overruns, the worker's oracles the rest; <see cref="NamedBy"/> is the report of the
/// sanitizer build a plain crash was run again under to name its cause (<see cref="Attribution.CrashAttribution"/>).
/// <see cref="SeenAt"/>: the campaign's clock when its worker's answer (or death, or silence) came back, before its stacks or
/// crash report were read and before the crash was named:
/// when the failure was detected, as against when it was reported.
/// </summary>
public sealed record CampaignFinding(
    FindingKind Kind, string Signature, string Summary, string Program,
    IReadOnlyList<ThreadCalls>? Timeline = null, CrashEvidence? Crash = null, HangEvidence? Hang = null,
    IReadOnlyDictionary<string, string>? Details = null, SanitizerReport? Sanitizer = null, RecordedSchedule? Schedule = null,
    MemoryEvidence? Memory = null, string? Variant = null, SanitizerReport? NamedBy = null, TimeSpan? SeenAt = null)
{
    /// <summary>Whether this is the failure <paramref name="signature"/> names: its identity, or the place a finding
    /// recorded before its cause was known was signed by.</summary>
    public bool Shows(string signature) => Signature == signature || Variant == signature;

    /// <summary>The finding a program's result shows, or null for a clean or rejected program.</summary>
    public static CampaignFinding? From(ProgramResult result, string program, Harness harness) => result switch
    {
        ProgramResult.OracleFailed f => FromOracle(program, f.Failure),
        ProgramResult.Crashed c => FromCrash(program, c.Evidence, Path.GetFileName(harness.LibraryPath), Shape(harness.Model)),
        ProgramResult.Hung h => FromHang(program, h.Evidence, harness.Dispatcher.FunctionNames),
        ProgramResult.OutOfMemory m => FromMemory(program, m.Evidence),
        _ => null,
    };

    /// <summary>Every finding a program's result shows: the result's own (<see cref="From"/>) first, then those of the
    /// reports it printed (<see cref="Printed"/>) under another identity.</summary>
    public static IReadOnlyList<CampaignFinding> AllFrom(ProgramResult result, string program, Harness harness)
    {
        var (own, printed) = Explained(From(result, program, harness), Printed(result, program, harness));
        return [.. own is null ? [] : new[] { own }, .. printed];
    }

    /// <summary>A program's own finding beside the reports printed while it ran, told apart: a hang that a lock-order
    /// inversion reported in the same run explains is that deadlock — keyed by it, the hang's place kept as its variant,
    /// the report attached — and not a second finding; the other reports stay, but for one the own finding already is.</summary>
    public static (CampaignFinding? Own, IReadOnlyList<CampaignFinding> Printed) Explained(CampaignFinding? own, IReadOnlyList<CampaignFinding> printed)
    {
        if (own is { Kind: FindingKind.Hang } hang &&
            printed.FirstOrDefault(p => p.Signature.StartsWith(SanitizerKey.Deadlock + ":", StringComparison.Ordinal)) is { } deadlock)
            own = hang with { Signature = deadlock.Signature, Variant = hang.Variant ?? hang.Signature, NamedBy = deadlock.Sanitizer,
                              Summary = $"{hang.Summary}; ThreadSanitizer: {deadlock.Sanitizer!.Headline}" };
        return (own, printed.Where(p => p.Signature != own?.Signature).ToArray());
    }

    /// <summary>The findings of the reports on the library a sanitizer printed while the worker went on, once per identity.</summary>
    public static IReadOnlyList<CampaignFinding> Printed(ProgramResult result, string program, Harness harness)
    {
        string library = Path.GetFileName(harness.LibraryPath);
        return result.PrintedReports.Where(r => r.InvolvesLibrary(library))
            .Select(r => FromReport(program, r, library, Shape(harness.Model)))
            .DistinctBy(f => f.Signature).ToArray();
    }

    /// <summary>The finding of a report a sanitizer printed while the worker went on.</summary>
    public static CampaignFinding FromReport(string program, SanitizerReport report, string libraryFile, ApiShape? api = null)
    {
        var verdict = SanitizerOracle.Judge(report, null, libraryFile, api);
        return new CampaignFinding(verdict.Kind, verdict.Identity, verdict.Summary, program, Sanitizer: report,
            Variant: verdict.Key is null ? null : verdict.Signature);
    }

    /// <summary>A dead worker's finding, signed by <see cref="CrashOracle"/>.</summary>
    public static CampaignFinding FromCrash(string program, CrashEvidence crash, string libraryFile, ApiShape? api = null)
    {
        var verdict = CrashOracle.Judge(crash, libraryFile, api);
        return new CampaignFinding(verdict.Kind, verdict.Identity, verdict.Summary, program, Crash: crash, Sanitizer: verdict.Report,
            Variant: verdict.Key is null ? null : verdict.Signature);
    }

    /// <summary>The API as a sanitizer report's key reads it: each function and the kinds of handle it takes; made
    /// once per model (a crash storm asks for it on every crash).</summary>
    public static ApiShape Shape(ApiModel model) => Shapes.GetValue(model, m => new(m.Functions.ToDictionary(
        f => f.Name,
        f => (IReadOnlyList<string>)f.Parameters.Where(p => p.Role == ParameterRole.HandleIn && p.Resource is not null)
            .Select(p => p.Resource!).Distinct().ToArray())));

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApiModel, ApiShape> Shapes = new();

    /// <summary>A hung worker's finding, signed by <see cref="HangOracle"/>: keyed by its deadlock's cycle when its
    /// locks were read, its place kept as the variant.</summary>
    public static CampaignFinding FromHang(string program, HangEvidence hang, IReadOnlyList<string> apiFunctions)
    {
        var verdict = HangOracle.Judge(hang, apiFunctions);
        return new CampaignFinding(verdict.Kind, verdict.Identity, verdict.Summary, program, Hang: hang,
            Variant: verdict.Key is null ? null : verdict.Signature);
    }

    /// <summary>The finding of a worker killed over its memory limit, signed by <see cref="MemoryOracle"/>.</summary>
    public static CampaignFinding FromMemory(string program, MemoryEvidence memory)
    {
        var verdict = MemoryOracle.Judge(memory);
        return new CampaignFinding(verdict.Kind, verdict.Signature, verdict.Summary, program, Memory: memory,
            Details: new Dictionary<string, string> { ["resident memory"] = $"{memory.ResidentMb} MB", ["rss limit"] = $"{memory.LimitMb} MB" });
    }

    /// <summary>The finding of an oracle that failed in the worker.</summary>
    public static CampaignFinding FromOracle(string program, ReportedFailure failure) =>
        new(failure.Kind, failure.Signature, failure.Summary, program, Timeline: failure.Timeline, Variant: failure.Variant,
            Details: new Dictionary<string, string> { [failure.Schedule is null ? "repetition" : "iteration"] = failure.Repetition.ToString() },
            Schedule: failure.Schedule);
}
