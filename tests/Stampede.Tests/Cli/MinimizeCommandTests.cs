using Stampede.Model;
using Stampede.Findings;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// <c>stampede minimize</c> and the triage of <c>stampede repro</c> from the outside, on the svcconf sample's
/// conf_import crash (every run of a comment line without a newline crashes, so these runs are deterministic):
/// exit codes, the one-line errors, the minimized program printed, written to --out, and stored in a finding.
/// </summary>
[TestFixture]
public class MinimizeCommandTests
{
    const string Crashing = """
        # stampede program v1
        library libsvcconf.so
        thread 0:
          stats_add(7)
          conf_import("# no newline")
        thread 1:
          settings_put("a", "1")
          stats_total()

        """;

    const string Minimized = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_import(\"#\")\n";

    string temp = "";
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "svcconf");

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("stampede-minimize-").FullName;

    [TearDown]
    public void DeleteTemp() => Directory.Delete(temp, recursive: true);

    string Write(string name, string text)
    {
        string path = Path.Combine(temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    static CliProcess.Result Stampede(params string[] args) => CliProcess.Run(null, args);

    [Test]
    public void A_program_that_does_not_parse_is_one_error_line_naming_file_and_line_and_exit_2()
    {
        string file = Write("broken.txt", "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  conf_import(\"#\"\n");
        var r = Stampede("minimize", "--harness", Harness, file);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Error, Does.StartWith($"error: {file}:4:"));
    }

    [Test]
    public void An_unknown_function_is_one_error_line_naming_file_and_line_and_exit_2()
    {
        string file = Write("unknown.txt", "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  stats_add(1)\n  conf_explode()\n");
        var r = Stampede("minimize", "--harness", Harness, file);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Error, Does.StartWith($"error: {file}:5:").And.Contain("conf_explode"));
    }

    [Test]
    public void A_crashing_program_is_minimized_printed_and_written_and_exits_1()
    {
        string file = Write("crash.txt", Crashing);
        string output = Path.Combine(temp, "min.txt");
        var r = Stampede("minimize", "--harness", Harness, "--runs", "1", "--repetitions", "100", "--out", output, file);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
        Assert.That(r.Out, Does.Contain("INFO: run 1 shows crash:SIGSEGV:conf_import"));
        Assert.That(r.Out, Does.Contain("MINIMIZED: crash:SIGSEGV:conf_import: 1 thread(s), 1 call(s) (was 2 thread(s), 4 call(s))"));
        Assert.That(r.Out, Does.Contain(Minimized));
        Assert.That(File.ReadAllText(output), Is.EqualTo(Minimized));
        Assert.That(File.ReadAllText(file), Is.EqualTo(Crashing), "the input is left as it was");
    }

    [Test]
    public void A_program_without_a_failure_has_nothing_to_minimize_and_exits_0()
    {
        string file = Write("clean.txt", "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  stats_add(1)\nthread 1:\n  stats_total()\n");
        var r = Stampede("minimize", "--harness", Harness, "--runs", "1", "--repetitions", "50", file);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Out + r.Error);
        Assert.That(r.Out, Does.Contain("nothing to minimize"));
    }

    [Test]
    public void A_finding_gets_minimized_txt_and_repro_writes_its_triage_while_program_txt_stays()
    {
        string corpus = Path.Combine(temp, "corpus", "svcconf");
        string directory;
        using (var store = FindingStore.Open(corpus))
        {
            store.Record(new Finding(FindingKind.Crash, "crash:SIGSEGV:conf_import", "worker died of SIGSEGV", "libsvcconf.so", Crashing,
                [], [], "./stampede repro --harness harnesses/svcconf {finding}", null));
            directory = store.Find("crash:SIGSEGV:conf_import")!.Directory;
        }

        var minimize = Stampede("minimize", "--harness", Harness, "--runs", "1", "--repetitions", "100", directory);
        Assert.That(minimize.ExitCode, Is.EqualTo(1), minimize.Out + minimize.Error);
        Assert.That(File.ReadAllText(Path.Combine(directory, CorpusLayout.MinimizedFile)), Is.EqualTo(Minimized));
        Assert.That(File.ReadAllText(Path.Combine(directory, CorpusLayout.ProgramFile)), Is.EqualTo(Crashing));

        var repro = Stampede("repro", "--harness", Harness, "--runs", "2", "--repetitions", "100", directory);
        Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 2/2").And.Contain("TRIAGE: " + Triage.OrdinaryBug));

        var recorded = FindingDirectory.Load(directory);
        Assert.That(recorded.MinimizedProgram, Is.EqualTo(Minimized));
        Assert.That(recorded.Triage, Is.EqualTo(new Triage(true, null, new ReproductionRate(2, 2), "conf_import")), "one caller fails: no global-lock runs");
        string report = File.ReadAllText(Path.Combine(directory, CorpusLayout.MarkdownReport));
        Assert.That(report, Does.Contain(Triage.OrdinaryBug).And.Contain("conf_import(\"#\")"));
        Assert.That(File.ReadAllText(Path.Combine(directory, CorpusLayout.JsonReport)), Does.Contain("\"minimizedProgram\""));
    }
}
