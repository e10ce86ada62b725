using Stampede.Model;
using Stampede.Harnesses;
using Stampede.Campaigns;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Cli.Commands;

/// <summary>
/// What <c>repro</c> and <c>minimize</c> work on: a program file, or a finding's directory in a corpus (its minimized
/// program when it has one, and the signature to look for). A program that does not parse or validate against the
/// harness is a usage error naming the file, line and column.
/// </summary>
internal sealed record ProgramTarget(string File, ConcurrentProgram Program, string? Signature, FindingKind? Kind, string? FindingDirectory)
{
    public static ProgramTarget Load(string target, Harness harness)
    {
        string file, text;
        string? signature = null, findingDirectory = null;
        FindingKind? kind = null;
        if (Directory.Exists(target))
        {
            var recorded = Stampede.Findings.FindingDirectory.Load(target);
            file = Path.Combine(target, recorded.MinimizedProgram is null ? CorpusLayout.ProgramFile : CorpusLayout.MinimizedFile);
            (text, signature, kind, findingDirectory) = (recorded.ReportedProgram, recorded.Finding.Signature, recorded.Finding.Kind, target);
        }
        else if (System.IO.File.Exists(target)) (file, text) = (target, System.IO.File.ReadAllText(target));
        else throw new UsageException($"{target}: no such program file or finding directory");
        try { return new ProgramTarget(file, ProgramText.Parse(text, harness.Model, file), signature, kind, findingDirectory); }
        catch (Exception e) when (e is ProgramTextException or ProgramValidationException) { throw new UsageException(e.Message); }
    }

    /// <summary>Changes the finding in its corpus (triage, minimized program). The corpus may be held by a running
    /// campaign: then a warning says what was not written, and the command goes on.</summary>
    public void Update(Action<FindingStore> change, string what)
    {
        if (FindingDirectory is null) return;
        string corpus = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(FindingDirectory).TrimEnd('/')))!;
        try
        {
            using var store = FindingStore.Open(corpus);
            change(store);
            Output.Info($"{what} written to {FindingDirectory}");
        }
        catch (CorpusException e) { Output.Warning($"{what} not written: {e.Message}"); }
    }

    public static string Shape(ConcurrentProgram program) =>
        $"{program.Threads.Count} thread(s), {program.AllCalls().Count()} call(s)";
}
