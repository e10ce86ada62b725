using Stampede.Model;
using System.CommandLine;
using Stampede.Findings;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede show</c>: the findings of a corpus as one table, sorted by kind and then by hits (most first), and those
/// that fail on one thread apart, once per function.
/// Plain aligned text, the same on a terminal and in a pipe, so scripts and tests can read it. Public so tests can
/// run it in-process.
/// </summary>
public static class ShowCommand
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "corpus directory: corpus/ (every library) or corpus/<library>/", DefaultValueFactory = _ => "corpus" };
        var json = new Option<bool>("--json") { Description = "print the findings as a JSON array, for scripts" };
        var keys = new Option<bool>("--keys") { Description = "print the findings' keys as a known-findings file (for fuzz --known)" };
        var command = new Command("show", "List the findings of a corpus: kind, signature, hits, triage, directory");
        command.Options.Add(corpus);
        command.Options.Add(json);
        command.Options.Add(keys);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(corpus)!;
            CorpusListing listing;
            try
            {
                listing = CorpusReader.Read(directory);
            }
            catch (CorpusException e)
            {
                Output.Error(error, e.Message);
                return ExitCodes.UsageError;
            }
            foreach (var problem in listing.Problems) Output.Warning(error, problem);
            output.Write(parse.GetValue(json)
                ? new System.Text.Json.Nodes.JsonArray([.. listing.Findings.Select(Reports.FindingJson.Of)]).ToJsonString(Reports.FindingJson.Options) + "\n"
                : parse.GetValue(keys) ? Reports.KnownFindings.Format(listing.Findings.Select(f => f.Finding.Signature))
                : Table(listing.Findings, directory));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The table of the findings that count as thread-safety ones (and those triage has not cleared), then the
    /// findings that fail on one thread once per function with their variants (<see cref="OneThreadFailure"/>), and a
    /// count line; paths start with the corpus directory as given, ready for <c>stampede repro</c>.</summary>
    public static string Table(IReadOnlyList<RecordedFinding> findings, string corpus)
    {
        if (findings.Count == 0) return $"no findings in {corpus}\n";
        var text = new System.Text.StringBuilder();
        var others = findings.Where(f => f.Verdict != TriageVerdict.FailsOnOneThread).ToArray();
        if (others.Length > 0)
        {
            var rows = new List<string[]> { new[] { "kind", "signature", "hits", "triage", "path" } };
            rows.AddRange(others
                .OrderBy(f => f.Finding.Kind.Name(), StringComparer.Ordinal)
                .ThenByDescending(f => f.Hits)
                .ThenBy(f => f.Finding.Signature, StringComparer.Ordinal)
                .Select(f => new[] { f.Finding.Kind.Name(), f.Finding.Signature, f.Hits.ToString(), f.Label, f.Directory }));
            text.Append(Columns.Align(rows, rightAligned: [2]));
        }
        var oneThread = OneThreadFailure.Group(findings);
        if (oneThread.Count > 0)
        {
            text.Append($"{OneThreadFailure.Heading}:\n");
            var rows = new List<string[]> { new[] { "function", "kind", "signature", "hits", "path" } };
            foreach (var group in oneThread)
                rows.AddRange(group.Variants.Select((v, i) =>
                    new[] { i == 0 ? group.Function : "", v.Finding.Kind.Name(), v.Finding.Signature, v.Hits.ToString(), v.Directory }));
            text.Append(Columns.Align(rows, rightAligned: [3]));
        }
        var libraries = findings.Select(f => f.Finding.Library).Distinct().Count();
        int misuse = oneThread.Sum(g => g.Variants.Count);
        text.Append($"{findings.Count} finding{(findings.Count == 1 ? "" : "s")} in {libraries} librar{(libraries == 1 ? "y" : "ies")}" +
                    (misuse > 0 ? $", {misuse} of them failing on one thread (in {oneThread.Count} function{(oneThread.Count == 1 ? "" : "s")})" : "") + "\n");
        return text.ToString();
    }
}
