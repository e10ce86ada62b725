using System.CommandLine;
using Stampede.Cli.Commands;
using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary><c>stampede show</c> run in-process through System.CommandLine: the table, its order, exit codes.</summary>
public sealed class ShowCommandTests
{
    private string _root = null!;

    [SetUp]
    public void CreateCorpus() => _root = SampleFindings.TempCorpus();

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    private static (int ExitCode, string Out, string Error) Show(params string[] args)
    {
        var root = new RootCommand { ShowCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(["show", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public void ListsFindingsAcrossLibrariesByKindThenHits()
    {
        using (var kvstore = FindingStore.Open(Path.Combine(_root, "kvstore")))
        {
            kvstore.Record(SampleFindings.Crash());
            kvstore.Record(SampleFindings.Crash("crash:kv_put>grow"));
            kvstore.Record(SampleFindings.Crash("crash:kv_put>grow", SampleFindings.OtherProgram(0)));
            kvstore.Record(SampleFindings.NotLinearizable());
            kvstore.SetTriage("crash:kv_get>find", new Triage(false, false, new ReproductionRate(9, 10)));
        }
        using (var textkit = FindingStore.Open(Path.Combine(_root, "textkit")))
            textkit.Record(SampleFindings.NotLinearizable() with { Library = "libtextkit.so", Signature = "not-linearizable:tk_format_duration" });

        var (exit, output, error) = Show("--corpus", _root);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(error, Is.Empty);
            Assert.That(lines[0], Does.Match(@"^kind\s+signature\s+hits\s+triage\s+path$"));
            Assert.That(lines[1], Does.Match(@"^crash\s+crash:kv_put>grow\s+2\s+not triaged\s+" + _root + "/kvstore/findings/crash-kv_put-grow-[0-9a-f]{8}$"));
            Assert.That(lines[2], Does.Match(@"^crash\s+crash:kv_get>find\s+1\s+thread-safety bug hidden by a global lock\s+\S+/kvstore/findings/crash-kv_get-find-"));
            Assert.That(lines[3], Does.Match(@"^not-linearizable\s+not-linearizable:kv_get,kv_put\s+1\s"));
            Assert.That(lines[4], Does.Match(@"^not-linearizable\s+not-linearizable:tk_format_duration\s+1\s+not triaged\s+\S+/textkit/findings/"));
            Assert.That(lines[5], Is.EqualTo("4 findings in 2 libraries"));
            Assert.That(lines[1].IndexOf(" 2 "), Is.EqualTo(lines[2].IndexOf(" 1 ")), "hits aligned");
        });
    }

    [Test]
    public void FindingsThatFailOnOneThreadAreListedApartOncePerFunctionWithTheirVariants()
    {
        using (var store = FindingStore.Open(Path.Combine(_root, "kvstore")))
        {
            store.Record(SampleFindings.Crash());
            store.Record(SampleFindings.Crash("crash:SIGSEGV:kv_put"));
            store.Record(SampleFindings.Crash("crash:SIGSEGV:kv_put", SampleFindings.OtherProgram(0)));
            store.Record(SampleFindings.Crash("crash:SIGABRT:free(): invalid pointer"));
            store.Record(SampleFindings.Crash("crash:SIGSEGV:kv_open"));
            store.SetTriage("crash:kv_get>find", new Triage(false, false, new ReproductionRate(9, 10)));
            // Two crash sites of kv_put's misuse are one entry; kv_open's is another.
            store.SetTriage("crash:SIGSEGV:kv_put", new Triage(true, null, null, "kv_put"));
            store.SetTriage("crash:SIGABRT:free(): invalid pointer", new Triage(true, null, null, "kv_put"));
            store.SetTriage("crash:SIGSEGV:kv_open", new Triage(true, null, null, "kv_open"));
        }

        var (exit, output, _) = Show("--corpus", _root);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(lines[0], Does.Match(@"^kind\s+signature\s+hits\s+triage\s+path$"));
            Assert.That(lines[1], Does.Match(@"^crash\s+crash:kv_get>find\s+1\s+thread-safety bug hidden by a global lock\s"));
            Assert.That(lines[2], Is.EqualTo(OneThreadFailure.Heading + ":"));
            Assert.That(lines[3], Does.Match(@"^function\s+kind\s+signature\s+hits\s+path$"));
            Assert.That(lines[4], Does.Match(@"^kv_open\s+crash\s+crash:SIGSEGV:kv_open\s+1\s+\S+/kvstore/findings/crash-sigsegv-kv_open-"));
            Assert.That(lines[5], Does.Match(@"^kv_put\s+crash\s+crash:SIGSEGV:kv_put\s+2\s"));
            Assert.That(lines[6], Does.Match(@"^\s+crash\s+crash:SIGABRT:free\(\): invalid pointer\s+1\s"));
            Assert.That(lines[7], Is.EqualTo("4 findings in 1 library, 3 of them failing on one thread (in 2 functions)"));
        });
    }

    [Test]
    public void OneLibrarysCorpusWorksToo()
    {
        using (var store = FindingStore.Open(Path.Combine(_root, "kvstore")))
            store.Record(SampleFindings.Crash());
        var (exit, output, _) = Show("--corpus", Path.Combine(_root, "kvstore"));
        Assert.That((exit, output.TrimEnd().Split('\n').Last()), Is.EqualTo((0, "1 finding in 1 library")));
    }

    [Test]
    public void AnEmptyCorpusSaysSo()
    {
        var (exit, output, _) = Show("--corpus", _root);
        Assert.That((exit, output), Is.EqualTo((0, $"no findings in {_root}\n")));
    }

    [Test]
    public void ADamagedFindingIsAWarningAndTheRestIsListed()
    {
        string dir;
        using (var store = FindingStore.Open(Path.Combine(_root, "kvstore")))
        {
            store.Record(SampleFindings.Crash());
            store.Record(SampleFindings.NotLinearizable());
            dir = store.Find("crash:kv_get>find")!.Directory;
        }
        File.WriteAllText(Path.Combine(dir, CorpusLayout.JsonReport), "{ \"vers");
        var (exit, output, error) = Show("--corpus", _root);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(error, Does.StartWith("WARNING: " + Path.Combine(dir, CorpusLayout.JsonReport) + ": "));
            Assert.That(output, Does.Contain("not-linearizable:kv_get,kv_put").And.Contain("1 finding in 1 library"));
        });
    }

    [Test]
    public void AMissingCorpusIsAOneLineErrorAndExitCode2()
    {
        var missing = Path.Combine(_root, "nope");
        var (exit, output, error) = Show("--corpus", missing);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error, Is.EqualTo($"error: {missing}: no such corpus directory\n"));
        });
    }
}
