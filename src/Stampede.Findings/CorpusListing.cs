namespace Stampede.Findings;

/// <summary>Every finding under a corpus directory, and one line for each finding directory that could not be read.</summary>
public sealed record CorpusListing(IReadOnlyList<RecordedFinding> Findings, IReadOnlyList<string> Problems);
