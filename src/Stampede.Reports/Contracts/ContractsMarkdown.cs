using System.Text;
using Stampede.Findings;
using Stampede.Model.Contracts;

namespace Stampede.Reports.Contracts;

/// <summary>
/// <c>contracts.md</c>: the contracts as a maintainer pastes them into documentation: one table (function, contract,
/// race group or handle type, evidence or what was tried), then each function's annotation in the glibc manual's style.
/// Every name came from the library's header, and keys and programs from its runs: all of it is escaped.
/// </summary>
public static class ContractsMarkdown
{
    public static string Write(LibraryContracts contracts, string? diff = null)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Thread-safety contracts of {MarkdownText.Inline(contracts.Library)}");
        md.AppendLine();
        md.AppendLine("Inferred by `stampede classify`. An unsafe verdict links the experiment that failed; a safe one says what");
        md.AppendLine("was tried: safety found by testing is the absence of evidence, not a proof.");
        md.AppendLine();
        md.AppendLine("| function | contract | group | evidence, or what was tried |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (name, c) in contracts.Functions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            string why = c.Evidence.Count > 0
                ? string.Join("; ", c.Evidence.Select(e => $"{MarkdownText.Code(e.Key)} in {MarkdownText.Inline(e.Experiment)}: {MarkdownText.Code(e.Repro)}"))
                : MarkdownText.Inline(c.Tried.Sentence);
            md.AppendLine($"| {MarkdownText.Code(name)} | {ContractAnnotation.Name(c.Contract)} | {MarkdownText.Inline(c.Group ?? "")} | {why} |");
        }
        md.AppendLine();
        md.AppendLine("## Annotations");
        md.AppendLine();
        md.AppendLine("In the style of the glibc manual's \"Preliminary: | MT-Safe |\" lines (POSIX Safety Concepts):");
        md.AppendLine();
        foreach (var (name, c) in contracts.Functions.OrderBy(f => f.Key, StringComparer.Ordinal))
            md.AppendLine($"- {MarkdownText.Code(name)}: {MarkdownText.Code(ContractAnnotation.Of(c))}");
        if (diff is not null)
        {
            md.AppendLine();
            md.AppendLine("## Changes");
            md.AppendLine();
            md.AppendLine(diff);
        }
        return md.ToString();
    }
}
