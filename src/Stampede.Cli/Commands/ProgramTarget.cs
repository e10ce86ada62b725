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
        if (Directory.Exists(target)) return LoadFinding(target, harness);
        if (!System.IO.File.Exists(target)) throw new UsageException($"{target}: no such program file or finding directory");
        return new ProgramTarget(target, Parse(System.IO.File.ReadAllText(target), target, harness), null, null, null);
    }

    /// <summary>
    /// A finding runs its program file: minimized.txt when there is one, else program.txt, which must still be the
    /// program report.json recorded. One that differs (cut short by a full disk, edited by hand) is refused rather than
    /// run as the finding: its triage would be written into a finding whose program it is not. The file is run as
    /// itself when given as a file; a lost program.txt is replaced by report.json's copy, and the line says so.
    /// </summary>
    static ProgramTarget LoadFinding(string target, Harness harness)
    {
        var recorded = Stampede.Findings.FindingDirectory.Load(target);
        string first = Path.Combine(target, CorpusLayout.ProgramFile);
        string file, text;
        if (recorded.MinimizedProgram is { } minimized) (file, text) = (Path.Combine(target, CorpusLayout.MinimizedFile), minimized);
        else if (!System.IO.File.Exists(first))
        {
            (file, text) = (Path.Combine(target, CorpusLayout.JsonReport), recorded.Finding.Program);
            Output.Warning($"{first} is missing: running the copy of it in {file}");
        }
        else (file, text) = (first, System.IO.File.ReadAllText(first));
        var program = Parse(text, file, harness); // a file cut mid-line is an error at its line
        if (file == first && text != recorded.Finding.Program)
            throw new UsageException($"{first}: differs from the program {CorpusLayout.JsonReport} recorded for this finding " +
                                     $"(cut short or edited); to run the file as it is, give it instead of the directory: {first}");
        return new ProgramTarget(file, program, recorded.Finding.Signature, recorded.Finding.Kind, target);
    }

    static ConcurrentProgram Parse(string text, string file, Harness harness)
    {
        try { return ProgramText.Parse(text, harness.Model, file); }
        catch (Exception e) when (e is ProgramTextException or ProgramValidationException) { throw new UsageException(e.Message); }
    }

    /// <summary>Changes the finding in its corpus (triage, minimized program). The corpus may be held by a running
    /// campaign, and a finding's directory may have been copied out of its corpus (a test replaying a copy): then a
    /// warning says what was not written, and the command goes on.</summary>
    public void Update(Action<FindingStore> change, string what)
    {
        if (FindingDirectory is null) return;
        string findings = Path.GetDirectoryName(Path.GetFullPath(FindingDirectory).TrimEnd('/'))!;
        if (Path.GetFileName(findings) != CorpusLayout.Findings)
        {
            Output.Warning($"{what} not written: {FindingDirectory} is not in a corpus's {CorpusLayout.Findings}/ directory");
            return;
        }
        try
        {
            using var store = FindingStore.Open(Path.GetDirectoryName(findings)!);
            change(store);
            Output.Info($"{what} written to {FindingDirectory}");
        }
        catch (CorpusException e) { Output.Warning($"{what} not written: {e.Message}"); }
        catch (KeyNotFoundException e) { Output.Warning($"{what} not written: {e.Message}"); }
    }

    public static string Shape(ConcurrentProgram program) =>
        $"{program.Threads.Count} thread(s), {program.AllCalls().Count()} call(s)";
}
