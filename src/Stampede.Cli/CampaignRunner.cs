using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;

namespace Stampede.Cli;

/// <summary>
/// Runs a campaign for the <c>fuzz</c> command: opens the corpus, records every finding in it, shows progress (a
/// live line on a terminal, a plain line every 10 s otherwise), and ends with a summary. Exit code 1 when the
/// campaign found anything.
/// </summary>
internal static class CampaignRunner
{
    public static int Run(CampaignOptions options, WorkerLaunch launch, CancellationToken cancel)
    {
        string name = Path.GetFileName(Path.GetFullPath(options.HarnessDirectory).TrimEnd('/'));
        string corpusRoot = options.CorpusDirectory ?? DefaultCorpus(options.HarnessDirectory);
        using var store = FindingStore.Open(Path.Combine(corpusRoot, name));
        var harness = Harness.Open(options.HarnessDirectory);
        var found = new Dictionary<string, (string Kind, string Summary, int Hits)>();
        var gate = new object();
        bool live = !Console.IsOutputRedirected;

        Console.WriteLine($"INFO: fuzzing {harness.Library} ({harness.Model.Functions.Count} functions) for {options.Duration}, " +
                          $"{options.Jobs} worker(s), up to {options.Threads} threads per program, seed {options.Seed}");
        Console.WriteLine($"INFO: corpus {store.Directory}");
        var campaign = new Campaign(options with { CorpusDirectory = store.Directory }, launch, finding =>
        {
            string slug = FindingSlug.For(finding.Signature);
            string dir = Path.Combine(store.FindingsDirectory, slug);
            string repro = $"./stampede repro --harness {Relative(options.HarnessDirectory)} {FindingStore.FindingDirectoryPlaceholder}";
            bool isNew = store.Record(FindingConversion.ToFinding(finding, harness.Library, repro));
            lock (gate)
            {
                found[finding.Signature] = (finding.Kind, finding.Summary, found.TryGetValue(finding.Signature, out var f) ? f.Hits + 1 : 1);
                if (live) Console.Write("\r\x1b[K");
                Console.WriteLine($"{(isNew ? "NEW" : "HIT")}: {finding.Kind} {finding.Signature}: {finding.Summary}");
                if (isNew) Console.WriteLine($"      report: {Relative(Path.Combine(dir, CorpusLayout.MarkdownReport))}");
            }
        });

        using var progress = new Timer(_ =>
        {
            lock (gate)
            {
                if (live) Console.Write("\r\x1b[K" + campaign.Status().Line());
                else Console.WriteLine("PROGRESS: " + campaign.Status().Line());
            }
        }, null, TimeSpan.FromSeconds(live ? 1 : 10), TimeSpan.FromSeconds(live ? 1 : 10));

        var status = campaign.Run(cancel);
        progress.Change(Timeout.Infinite, Timeout.Infinite);
        lock (gate)
        {
            if (live) Console.Write("\r\x1b[K");
            Console.WriteLine("DONE: " + status.Line());
            PrintSummary(found);
        }
        return found.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    static void PrintSummary(Dictionary<string, (string Kind, string Summary, int Hits)> found)
    {
        if (found.Count == 0)
        {
            Console.WriteLine("SUMMARY: no findings");
            return;
        }
        Console.WriteLine($"SUMMARY: {found.Count} distinct finding(s)");
        var rows = new List<string[]> { new[] { "kind", "hits", "signature" } };
        rows.AddRange(found.OrderBy(f => f.Value.Kind).ThenByDescending(f => f.Value.Hits)
            .Select(f => new[] { f.Value.Kind, f.Value.Hits.ToString(), f.Key }));
        Console.Write(Columns.Align(rows, rightAligned: [1]));
    }

    /// <summary>corpus/ of the repository the harness is in, else next to the harness.</summary>
    static string DefaultCorpus(string harness)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(harness)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return Path.Combine(dir.FullName, "corpus");
        return Path.Combine(Path.GetFullPath(harness), "corpus");
    }

    static string Relative(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..") ? Path.GetFullPath(path) : relative;
    }
}
