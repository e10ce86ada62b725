using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Campaigns.Systematic;
using Stampede.Findings;
using Stampede.Model;

namespace Stampede.Cli;

/// <summary>
/// The findings of one <c>fuzz</c> run, whichever engine found them: each is recorded in the corpus before its
/// <c>NEW:</c> or <c>HIT:</c> line is printed, counted for the summary, and remembered when new to the corpus (for
/// triage and minimization after the campaign). <see cref="Gate"/> keeps these lines and progress lines apart.
/// </summary>
internal sealed class RunFindings(FindingStore store, Harness harness, bool live)
{
    public object Gate { get; } = new();

    /// <summary>Per signature: kind, summary and hits in this run.</summary>
    public Dictionary<string, (string Kind, string Summary, int Hits)> Found { get; } = [];

    /// <summary>Signatures new to the corpus, in the order they were found.</summary>
    public List<string> Fresh { get; } = [];

    public void Record(CampaignFinding finding)
    {
        string slug = FindingSlug.For(finding.Signature);
        string dir = Path.Combine(store.FindingsDirectory, slug);
        string repro = $"./stampede repro --harness {CampaignRunner.Relative(harness.Directory)}" +
                       $"{(finding.Schedule is null ? "" : " --mode systematic")} {FindingStore.FindingDirectoryPlaceholder}";
        bool isNew = store.Record(FindingConversion.ToFinding(finding, harness.Library, repro));
        // A systematic-mode finding keeps the Coyote schedule that replays it.
        if (finding.Schedule is { } schedule) store.SetSchedule(finding.Signature, ScheduleFile.Write(schedule));
        lock (Gate)
        {
            Found[finding.Signature] = (finding.Kind.Name(), finding.Summary, Found.TryGetValue(finding.Signature, out var f) ? f.Hits + 1 : 1);
            if (live) Console.Write("\r\x1b[K");
            Console.WriteLine($"{(isNew ? "NEW" : "HIT")}: {finding.Kind.Name()} {finding.Signature}: {finding.Summary}");
            if (isNew) Console.WriteLine($"      report: {CampaignRunner.Relative(Path.Combine(dir, CorpusLayout.MarkdownReport))}");
            if (isNew) Fresh.Add(finding.Signature);
        }
    }
}
