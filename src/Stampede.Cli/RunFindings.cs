using Stampede.Campaigns;
using Stampede.Campaigns.Systematic;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model;

namespace Stampede.Cli;

/// <summary>
/// The findings of one <c>fuzz</c> run, whichever engine found them: each is recorded in the corpus before its
/// <c>NEW:</c> or <c>HIT:</c> line is printed, counted for the summary, and remembered when new to the corpus (for
/// triage and minimization after the campaign). <see cref="Gate"/> keeps these lines and progress lines apart. A finding
/// the corpus cannot take (disk full, a path in the way) is not lost: it is printed in full on standard error, and the
/// campaign stops (a <see cref="CorpusException"/>, one error line, exit 2).
/// </summary>
/// <remarks>In one shard of several, a finding another shard recorded first (<paramref name="sync"/>) is a hit here, not
/// new: that shard triages and minimizes it.</remarks>
internal sealed class RunFindings(FindingStore store, Harness harness, bool live, Campaigns.Sharding.ShardSync? sync = null)
{
    /// <summary>A signature as this run saw it: its kind, its summary, and how many times it was hit.</summary>
    public sealed record Seen(FindingKind Kind, string Summary, int Hits);

    public object Gate { get; } = new();

    /// <summary>Per signature, what this run saw of it.</summary>
    public Dictionary<string, Seen> Found { get; } = [];

    /// <summary>Signatures new to the corpus, in the order they were found.</summary>
    public List<string> Fresh { get; } = [];

    public void Record(CampaignFinding finding)
    {
        string slug = FindingSlug.For(finding.Signature);
        string dir = Path.Combine(store.FindingsDirectory, slug);
        // A sanitizer's report shows again only under that sanitizer's build.
        var sanitizer = finding.Sanitizer is { } report ? Campaigns.Supervision.Sanitizer.Printing(report.Tool) : null;
        string repro = $"{ToolCommand.Name} repro --harness {CampaignRunner.Relative(harness.Directory)}" +
                       $"{(finding.Schedule is null ? "" : " --mode systematic")}{(sanitizer is null ? "" : " --sanitizer " + sanitizer.Name)} " +
                       FindingStore.FindingDirectoryPlaceholder;
        var converted = FindingConversion.ToFinding(finding, harness.Library, repro);
        bool isNew;
        try
        {
            isNew = store.Record(converted);
            // A systematic-mode finding keeps the Coyote schedule that replays it.
            if (finding.Schedule is { } schedule) store.SetSchedule(finding.Signature, ScheduleFile.Write(schedule));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lock (Gate) PrintUnwritten(converted with { ReproduceCommand = converted.ReproduceCommand.Replace(FindingStore.FindingDirectoryPlaceholder, dir) },
                dir, e.Message);
            throw new CorpusException(store.FindingsDirectory, $"cannot record {finding.Signature} ({e.Message}); the finding is printed above, in full");
        }
        lock (Gate)
        {
            Found[finding.Signature] = new Seen(finding.Kind, finding.Summary, Found.TryGetValue(finding.Signature, out var seen) ? seen.Hits + 1 : 1);
            if (live) Console.Write("\r\x1b[K");
            string? elsewhere = sync?.KnownElsewhere(finding.Signature);
            isNew &= elsewhere is null;
            Console.WriteLine($"{(isNew ? "NEW" : "HIT")}: {finding.Kind.Name()} {finding.Signature}: {finding.Summary}" +
                              (elsewhere is null ? "" : $" (recorded first by {elsewhere})"));
            if (isNew) Console.WriteLine($"      report: {CampaignRunner.Relative(Path.Combine(dir, CorpusLayout.MarkdownReport))}");
            if (isNew) Fresh.Add(finding.Signature);
        }
    }

    /// <summary>The finding as its report.md would have said it, each line on standard error after <c>WARNING: | </c>.</summary>
    void PrintUnwritten(Finding finding, string directory, string reason)
    {
        if (live) Console.Write("\r\x1b[K");
        Output.Warning($"{finding.Kind.Name()} {finding.Signature} could not be written to {directory} ({reason}); here it is in full:");
        var now = DateTimeOffset.UtcNow;
        string report = MarkdownReport.Render(new RecordedFinding(Path.GetFileName(directory), finding, 1, now, now, null, null, []) { Directory = directory });
        foreach (string line in report.TrimEnd('\n').Split('\n')) Output.Warning("| " + line);
    }
}
