using Stampede.Findings;
using Stampede.Model;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Cli;

/// <summary>
/// Input the commands must refuse with one <c>error:</c> line and exit 2, never a .NET stack trace or a silent
/// success: numbers and durations out of range, mistyped commands and options (with the nearest name suggested), a
/// directory that is no corpus, and a finding whose program.txt no longer matches its report.
/// </summary>
[TestFixture]
public class HardeningCliTests
{
    static string Harness => Path.Combine(RepoPaths.Root, "harnesses", "svcconf");

    [TestCase("--duration", "99999999999h", "--duration '99999999999h' is invalid")]
    [TestCase("--duration", "1e12", "--duration '1e12' is invalid")]
    [TestCase("--duration", "NaN", "--duration 'NaN' is invalid")]
    [TestCase("--minimize-budget", "Infinity", "--minimize-budget 'Infinity' is invalid")]
    [TestCase("--jobs", "99999999999", "--jobs 99999999999 is invalid")]
    [TestCase("--repetitions", "99999999999", "--repetitions 99999999999 is invalid")]
    [TestCase("--seed", "99999999999", "--seed 99999999999 is invalid")]
    [TestCase("--programs", "0", "--programs 0 is invalid")]
    [TestCase("--programs", "-5", "--programs -5 is invalid")]
    [TestCase("--programs", "99999999999999999999999", "--programs '99999999999999999999999' is invalid")]
    public void An_out_of_range_number_or_duration_is_one_line_naming_the_option_and_its_range(string option, string value, string message)
    {
        var r = CliProcess.Run(null, "fuzz", "--harness", Harness, option, value);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: " + message).And.Not.Contain("\n"));
        Assert.That(r.Error, Does.Match(@"\d+(h|s)? to \d+|at least|at most"), "the accepted range is named");
    }

    [TestCase(new[] { "fuz" }, "'fuz'", "did you mean 'fuzz'")]
    [TestCase(new[] { "fuzz", "--harness", "h", "--duratoin", "5s" }, "'--duratoin'", "did you mean '--duration'")]
    [TestCase(new[] { "shwo" }, "'shwo'", "did you mean 'show'")]
    public void An_unknown_command_or_option_says_what_was_not_recognised_and_the_nearest_name(string[] args, string unknown, string suggestion)
    {
        var r = CliProcess.Run(null, args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: ").And.Contain(unknown).And.Contain(suggestion).And.Not.Contain("\n"));
    }

    [Test]
    public void Show_of_a_missing_directory_or_of_one_that_is_no_corpus_is_an_error_and_exit_2()
    {
        var missing = CliProcess.Run(null, "show", "--corpus", "/nonexistent");
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.Out + missing.Error);
        Assert.That(missing.Error.Trim(), Is.EqualTo("error: /nonexistent: no such corpus directory"));

        // harnesses/ holds directories, none of them a library's corpus: a mistaken --corpus, not an empty corpus.
        var notCorpus = CliProcess.Run(null, "show", "--corpus", "harnesses");
        Assert.That(notCorpus.ExitCode, Is.EqualTo(2), notCorpus.Out + notCorpus.Error);
        Assert.That(notCorpus.Error.Trim(), Does.StartWith("error: harnesses: not a corpus").And.Not.Contain("\n"));
    }

    const string Crashing = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  stats_add(7)\n  conf_import(\"# no newline\")\nthread 1:\n  stats_total()\n";

    static string FindingWithProgramTxt(string temp, string programTxt)
    {
        using var store = FindingStore.Open(Path.Combine(temp, "svcconf"));
        store.Record(new Finding(FindingKind.Crash, "crash:SIGSEGV:conf_import", "worker died of SIGSEGV", "libsvcconf.so", Crashing,
            [], [], "./stampede repro --harness harnesses/svcconf {finding}", null));
        string directory = store.Find("crash:SIGSEGV:conf_import")!.Directory;
        File.WriteAllText(Path.Combine(directory, CorpusLayout.ProgramFile), programTxt);
        return directory;
    }

    [Test]
    public void Repro_of_a_finding_whose_program_txt_was_cut_mid_line_names_the_file_and_line()
    {
        string temp = Directory.CreateTempSubdirectory("stampede-truncated-").FullName;
        try
        {
            string directory = FindingWithProgramTxt(temp, Crashing[..Crashing.IndexOf("no newline", StringComparison.Ordinal)]);
            var r = CliProcess.Run(null, "repro", "--harness", Harness, "--runs", "1", "--repetitions", "10", "--no-triage", directory);
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
            Assert.That(r.Error.Trim(), Does.StartWith($"error: {Path.Combine(directory, CorpusLayout.ProgramFile)}:5:").And.Not.Contain("\n"));
        }
        finally { Directory.Delete(temp, recursive: true); }
    }

    [Test]
    public void Repro_of_a_finding_whose_program_txt_disagrees_with_its_report_refuses_and_says_how_to_choose()
    {
        string temp = Directory.CreateTempSubdirectory("stampede-truncated-").FullName;
        try
        {
            // Cut at a line's end: still a program, but not the one the finding ran.
            string directory = FindingWithProgramTxt(temp, Crashing[..(Crashing.IndexOf("stats_add(7)\n", StringComparison.Ordinal) + 13)]);
            var r = CliProcess.Run(null, "repro", "--harness", Harness, "--runs", "1", "--repetitions", "10", "--no-triage", directory);
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
            Assert.That(r.Error.Trim(), Does.StartWith($"error: {Path.Combine(directory, CorpusLayout.ProgramFile)}: ")
                .And.Contain("report.json").And.Contain("differs").And.Not.Contain("\n"));
            Assert.That(r.Out, Does.Not.Contain("SUMMARY:"), "nothing ran");
        }
        finally { Directory.Delete(temp, recursive: true); }
    }
}
