using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>What report.md and report.json say: the in-flight call on the timeline, stacks with file:line and source.</summary>
public sealed class ReportTests
{
    private string _root = null!;

    [SetUp]
    public void CreateCorpus() => _root = SampleFindings.TempCorpus();

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    private RecordedFinding RecordCrash()
    {
        var source = Path.Combine(_root, "kvstore.c");
        File.WriteAllText(source, "static entry *find(table *t, const char *key) {\n    while (t->e->key != NULL) {\n");
        using var store = FindingStore.Open(Path.Combine(_root, "kvstore"));
        store.Record(SampleFindings.Crash(sourceFile: source));
        return store.Findings.Single();
    }

    private static string Markdown(RecordedFinding f) => File.ReadAllText(Path.Combine(f.Directory, CorpusLayout.MarkdownReport));

    [Test]
    public void TimelineTableMarksTheCallInFlight()
    {
        var markdown = Markdown(RecordCrash());
        var rows = markdown.Split('\n').Where(l => l.StartsWith("t0 ") || l.StartsWith("t1 ") || l.StartsWith("setup ")).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Some.Match(@"^t0\s+1\s+kv_get\s+45\s+-\s+>> in flight$"));
            Assert.That(rows, Has.Some.Match(@"^t0\s+0\s+kv_put\s+20\s+41\s+KV_OK$"));
            Assert.That(rows, Has.Some.Match(@"^t1\s+0\s+kv_delete\s+22\s+60\s+KV_OK$"));
        });
    }

    [Test]
    public void TimelineChartDrawsTheCallInFlightOpenEnded()
    {
        var chart = TimelineText.Chart(SampleFindings.Crash().Timeline).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(chart[0], Does.StartWith("       0 µs").And.EndWith("60 µs"));
            Assert.That(chart.Single(l => l.StartsWith("t0 ")), Does.Match(@"\[kv_put-*\]\s*\[kv_get>+$"));
            Assert.That(chart.Single(l => l.StartsWith("t1 ")), Does.Match(@"\[kv_delete-*\]$"));
        });
    }

    [Test]
    public void StacksShowFunctionFileLineAndTheSourceLine()
    {
        var recorded = RecordCrash();
        var markdown = Markdown(recorded);
        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("### t0 in kv_get (crashed)"));
            Assert.That(markdown, Does.Match(@"\n0\s+find\s+\S*kvstore\.c:2:5\s+libkvstore\.so\n\s+2 \| while \(t->e->key != NULL\) \{\n"));
            Assert.That(markdown, Does.Match(@"\n1\s+kv_get\s+kvstore\.c:120\s+libkvstore\.so\n"));
            Assert.That(markdown, Does.Match(@"\n2\s+\?\?\s+libc\.so\.6\n"));
            Assert.That(recorded.Finding.Stacks[0].Frames[0].Source, Is.EqualTo("while (t->e->key != NULL) {"), "kept in report.json too");
        });
    }

    [Test]
    public void MarkdownHasTheFactsAndTheReproduceCommand()
    {
        var recorded = RecordCrash();
        var markdown = Markdown(recorded);
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Finding.ReproduceCommand, Is.EqualTo($"./stampede repro --harness harnesses/kvstore {recorded.Directory}"));
            Assert.That(markdown, Does.StartWith("# crash: t0 crashed with SIGSEGV in find\n"));
            Assert.That(markdown, Does.Contain("- signature: `crash:kv_get>find`\n"));
            Assert.That(markdown, Does.Contain("- triage: not triaged\n"));
            Assert.That(markdown, Does.Contain($"```sh\n./stampede repro --harness harnesses/kvstore {_root}/kvstore/findings/crash-kv_get-find-"));
            Assert.That(markdown, Does.Contain("## Program\n").And.Contain("  kv_delete(r0, \"k1\")\n```"));
            Assert.That(markdown, Does.Contain("- signal: SIGSEGV\n").And.Contain("- seed: 42\n"));
        });
    }

    [Test]
    public void JsonRoundTripsAndStartsWithItsVersion()
    {
        var recorded = RecordCrash();
        var json = File.ReadAllText(Path.Combine(recorded.Directory, CorpusLayout.JsonReport));
        var read = ReportJson.Read(json);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.StartWith("{\n  \"version\": 1,\n  \"slug\": \"crash-kv_get-find-"));
            Assert.That(json, Does.Contain("\"signature\": \"crash:kv_get>find\""), "no \\u003E escapes");
            Assert.That(json, Does.Contain("\"endMicros\": null"));
            Assert.That(ReportJson.Write(read), Is.EqualTo(json));
        });
    }

    [Test]
    public void TheCallThatFailedOnOneThreadIsKeptInReportJsonAndAnOlderReportWithoutItStillReads()
    {
        var recorded = RecordCrash() with { Triage = new Triage(true, null, null, "kv_get") };
        var json = ReportJson.Write(recorded);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"failingCall\": \"kv_get\"").And.Not.Contain("\"verdict\""));
            Assert.That(ReportJson.Read(json).Triage, Is.EqualTo(recorded.Triage));
            var older = ReportJson.Read(json.Replace("\"failingCall\": \"kv_get\",", ""));
            Assert.That(older.Triage, Is.EqualTo(new Triage(true, null, null)));
            Assert.That(older.Verdict, Is.EqualTo(TriageVerdict.FailsOnOneThread));
        });
    }

    [Test]
    public void JsonWithAFieldMissingIsInvalid() =>
        Assert.That(() => ReportJson.Read("""{ "version": 1, "slug": "crash-x-00000000", "hits": 1 }"""), Throws.TypeOf<InvalidDataException>());

    [TestCase(true, true, null, Triage.OrdinaryBug)]
    [TestCase(true, false, null, Triage.OrdinaryBug)]
    [TestCase(false, false, null, Triage.HiddenByGlobalLock)]
    [TestCase(null, false, null, Triage.HiddenByGlobalLock)]
    [TestCase(false, true, null, Triage.SurvivesSerialization)]
    [TestCase(false, null, null, Triage.ConcurrencyBug)]
    [TestCase(null, null, null, Triage.Untriaged)]
    [TestCase(true, true, 0, Triage.NotReproduced)]
    [TestCase(false, false, 3, Triage.HiddenByGlobalLock)]
    public void TriageLabel(bool? singleThreaded, bool? underGlobalLock, int? reproduced, string label) =>
        Assert.That(new Triage(singleThreaded, underGlobalLock, reproduced is { } r ? new ReproductionRate(r, 10) : null).Label, Is.EqualTo(label));

    [Test]
    public void SignatureIsReadBackFromMarkdownEvenWithBackticks()
    {
        var recorded = RecordCrash();
        var odd = recorded with { Finding = recorded.Finding with { Signature = "crash:`weird`>x" } };
        Assert.That(MarkdownReport.SignatureIn(MarkdownReport.Render(odd)), Is.EqualTo("crash:`weird`>x"));
    }

    /// <summary>A signature is read back from report.md when report.json is lost: whatever it holds, shown escaped, must
    /// come back as it was, or the rebuilt finding is another one. A backslash the target wrote and an escape the report
    /// makes must not read the same.</summary>
    [TestCase("crash:SIGSEGV:a\\nb", "`crash:SIGSEGV:a\\\\nb`")]
    [TestCase("crash:SIGSEGV:a\nb\x14\u202e\U0001d173", "`crash:SIGSEGV:a\\nb\\x14\\u202e\\U0001d173`")]
    [TestCase(" crash:x\\x14 \t", "`  crash:x\\\\x14 \\t `")]
    [TestCase("crash:\u200b`x", "`` crash:\\u200b`x ``")]
    public void SignatureWithHiddenCharactersOrBackslashesIsReadBackExactly(string signature, string shown)
    {
        var recorded = RecordCrash();
        var markdown = MarkdownReport.Render(recorded with { Finding = recorded.Finding with { Signature = signature } });
        Assert.That(markdown, Does.Contain($"- signature: {shown}\n"));
        Assert.That(MarkdownReport.SignatureIn(markdown), Is.EqualTo(signature));
    }
}
