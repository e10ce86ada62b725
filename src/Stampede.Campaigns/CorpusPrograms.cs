using Stampede.Findings;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Campaigns;

/// <summary>A program from the corpus for a campaign to run before generating its own: where it came from, and
/// for a program left in flight by a killed campaign, the file to remove once it is safely in flight again.</summary>
public sealed record CorpusProgram(string File, ConcurrentProgram Program, bool Leftover);

/// <summary>
/// What a campaign runs first, from its corpus directory (as libFuzzer starts from its corpus and resumes a merge
/// from its control file): the programs that were in flight when an earlier campaign was killed, then seeds/, then
/// interesting/. A file that does not parse or names a function the library lacks is a configuration error naming
/// its file and line, raised before anything runs.
/// </summary>
public static class CorpusPrograms
{
    /// <summary>Where a campaign keeps each job's program while it runs (job0.txt, ...).</summary>
    public const string InFlight = "inflight";

    /// <exception cref="CorpusException">A program file is corrupt, truncated or does not fit the library.</exception>
    public static IReadOnlyList<CorpusProgram> Load(string corpusDirectory, ApiModel model)
    {
        var files = ProgramFiles.In(Path.Combine(corpusDirectory, InFlight)).Select(f => (f, Leftover: true))
            .Concat(ProgramFiles.In(Path.Combine(corpusDirectory, CorpusLayout.Seeds)).Select(f => (f, Leftover: false)))
            .Concat(ProgramFiles.In(Path.Combine(corpusDirectory, CorpusLayout.Interesting)).Select(f => (f, Leftover: false)));
        var programs = new List<CorpusProgram>();
        foreach (var (file, leftover) in files)
        {
            try
            {
                programs.Add(new CorpusProgram(file, ProgramText.Parse(File.ReadAllText(file), model, file), leftover));
            }
            catch (ProgramTextException e)
            {
                throw new CorpusException(file, $"line {e.Line}, column {e.Column}: {e.Reason}", e);
            }
        }
        return programs;
    }
}
