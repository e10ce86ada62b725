using System.Text;
using Stampede.Findings;

namespace Stampede.SelfFuzz;

/// <summary>
/// The corpus reader: a finding's directory as a campaign (<see cref="FindingStore.Open"/>, which loads every finding
/// and rebuilds the damaged ones) and <c>stampede show</c> (<see cref="CorpusReader.Read"/>) find it. The input's
/// NUL-separated parts are the files of one finding: report.json, program.txt, minimized.txt, report.md, then
/// examples (each named by its hash, as the store names them); a part the input does not reach is no file.
/// Contract: opening the corpus gives a store (the finding loaded, or rebuilt, or listed as a problem) or throws
/// <see cref="CorpusException"/>; reading it lists the finding or a problem and throws nothing; and a finding that
/// loads writes back as the same report.json and renders as report.md.
/// </summary>
public sealed class CorpusTarget : ISelfFuzzTarget, IDisposable
{
    /// <summary>The files the input's parts become, in order; parts after them are examples.</summary>
    private static readonly string[] Files = [CorpusLayout.JsonReport, CorpusLayout.ProgramFile, CorpusLayout.MinimizedFile, CorpusLayout.MarkdownReport];

    /// <summary>Where the corpus goes when the machine has it: in memory, since the store syncs each file it writes
    /// (a rebuilt finding) to disk, which made executions 50 times slower.</summary>
    private const string SharedMemory = "/dev/shm";

    /// <summary>One corpus per process, emptied before each input.</summary>
    private readonly string _scratch = Path.Combine(Directory.Exists(SharedMemory) ? SharedMemory : Path.GetTempPath(), ScratchPrefix + Environment.ProcessId);

    private const string ScratchPrefix = "stampede-selffuzz-corpus-";

    private string Corpus => Path.Combine(_scratch, SampleFindings.Library);

    public CorpusTarget()
    {
        // A process afl-fuzz restarted after a crash left its corpus behind; the directory's name says whose it was.
        foreach (var left in Directory.GetDirectories(Path.GetDirectoryName(_scratch)!, ScratchPrefix + "*"))
            if (int.TryParse(Path.GetFileName(left)[ScratchPrefix.Length..], out var pid) && !Directory.Exists($"/proc/{pid}"))
                Directory.Delete(left, recursive: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
    }

    public string Name => "corpus";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<RecordedFinding>()];

    public string Contract =>
        "a finding's files open as a corpus (finding loaded, rebuilt or listed as a problem) or give CorpusException; " +
        "show lists them without throwing; a loaded finding writes back the same report.json and renders";

    public void Run(ReadOnlySpan<byte> input)
    {
        var finding = Path.Combine(Corpus, CorpusLayout.Findings, SampleFindings.Slug);
        if (Directory.Exists(Corpus)) Directory.Delete(Corpus, recursive: true);
        Directory.CreateDirectory(Path.Combine(finding, CorpusLayout.Examples));
        var parts = InputFields.Split(input);
        for (var i = 0; i < parts.Count; i++)
        {
            var name = i < Files.Length ? Files[i] : FindingDirectory.ExamplePath(parts[i]);
            File.WriteAllText(Path.Combine(finding, name), parts[i]);
        }

        var listing = CorpusReader.Read(Corpus);
        if (listing.Findings.Count + listing.Problems.Count != 1)
            throw new ContractViolation($"show listed {listing.Findings.Count} findings and {listing.Problems.Count} problems for one finding directory");
        foreach (var loaded in listing.Findings) CheckLoaded(loaded);

        try
        {
            using var store = FindingStore.Open(Corpus);
            foreach (var loaded in store.Findings) CheckLoaded(loaded);
        }
        catch (CorpusException) { }
    }

    private static void CheckLoaded(RecordedFinding loaded)
    {
        var json = ReportJson.Write(loaded);
        var again = ReportJson.Write(ReportJson.Read(json));
        if (again != json) throw new ContractViolation($"report.json does not read back as written:\n{json}\nthen\n{again}");
        _ = MarkdownReport.Render(loaded);
    }

    public IEnumerable<SeedInput> Seeds()
    {
        var full = SampleFindings.Full();
        var bare = SampleFindings.Bare();
        yield return Seed("full", ReportJson.Write(full), full.Finding.Program, full.MinimizedProgram!, MarkdownReport.Render(full), "thread 0:\n  kv_get(r0)\n");
        yield return Seed("bare", ReportJson.Write(bare), bare.Finding.Program);
        // report.json lost: the finding is rebuilt from program.txt and the signature report.md states.
        yield return Seed("rebuilt", "{\"version\": 1, \"slug\": ", full.Finding.Program, "", MarkdownReport.Render(full));
        yield return Seed("empty", "");
    }

    private static SeedInput Seed(string name, params string[] parts) => new($"{name}.finding", InputFields.Join(parts));

    public IEnumerable<string> DictionaryTokens()
    {
        var json = ReportJson.Write(SampleFindings.Full());
        // Every member name of report.json as it is written, and the values a schema check trips on.
        var members = json.Split('"').Where((_, i) => i % 2 == 1).Where(t => t.Length < 40 && t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        return [.. members.Select(m => $"\"{m}\""), "\0", "null", "true", "false", "[]", "{}", "[null]", "\"version\": 1", "-1",
            "2147483648", "\"2026-08-01T10:00:00+00:00\"", "- signature: `", "``", "# stampede program v1\n", "examples/"];
    }
}
