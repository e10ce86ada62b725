using System.Xml.Linq;
using Stampede.Findings;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

/// <summary>
/// junit.xml: valid against the Ant/Jenkins JUnit schema whatever the run held, one test case per finding, a failure
/// (with the summary, triage, rates and repro command) exactly for the findings that fail the run, and every string the
/// library controls parsed back as the text it was, controls made visible.
/// </summary>
public sealed class JUnitWriterTests
{
    private static readonly JUnitWriter Writer = new();

    private static XElement Suite(RunReport run) => XDocument.Parse(Writer.Render(run)).Root!.Element("testsuite")!;

    private static XElement Case(XElement suite, string name) => suite.Elements("testcase").Single(c => c.Attribute("name")!.Value == name);

    [TestCaseSource(typeof(SampleRuns), nameof(SampleRuns.All))]
    public void Junit_xml_is_valid_against_the_ant_junit_schema(RunReport run)
    {
        var xml = Writer.Render(run);
        Assert.That(ReportSchemas.JUnitErrors(xml), Is.Empty, xml);
        Assert.That(XDocument.Parse(xml).Root!.Name.LocalName, Is.EqualTo("testsuites"));
    }

    [Test]
    public void The_schema_check_rejects_a_suite_without_its_required_attributes()
    {
        var document = XDocument.Parse(Writer.Render(SampleRuns.Mixed()));
        document.Root!.Element("testsuite")!.Attribute("hostname")!.Remove();
        Assert.That(ReportSchemas.JUnitErrors(document.ToString()), Has.Some.Contain("hostname"));
    }

    [Test]
    public void The_suite_counts_one_test_per_finding_and_a_failure_per_failing_finding()
    {
        var run = SampleRuns.Mixed();
        var suite = Suite(run);
        Assert.Multiple(() =>
        {
            Assert.That(suite.Attribute("name")!.Value, Is.EqualTo("stampede gate libkvstore.so"));
            Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(run.Findings.Count).And.EqualTo(suite.Elements("testcase").Count()));
            Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(run.Findings.Count(f => f.Fails)).And.EqualTo(2));
            Assert.That((int)suite.Attribute("errors")!, Is.Zero);
            Assert.That((int)suite.Attribute("skipped")!, Is.Zero);
            Assert.That((decimal)suite.Attribute("time")!, Is.EqualTo(42.5m));
            Assert.That(suite.Attribute("timestamp")!.Value, Is.EqualTo("2026-03-01T12:00:00"));
            Assert.That(suite.Elements("testcase").Select(c => c.Attribute("classname")!.Value), Is.All.EqualTo(SampleRuns.Library));
            Assert.That(suite.Element("properties")!.Elements("property").Select(p => p.Attribute("name")!.Value),
                Is.EqualTo(new[] { "kind", "library", "command", "exit-code", "verdict", "baseline", "candidate" }));
        });
    }

    [Test]
    public void A_failing_finding_fails_with_its_summary_kind_triage_rates_and_repro_command()
    {
        var crash = SampleRuns.Crash();
        var failure = Case(Suite(SampleRuns.Mixed()), "new: crash:heap-use-after-free:obj_release").Element("failure");
        Assert.That(failure, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Attribute("message")!.Value, Is.EqualTo(crash.Recorded.Finding.Summary));
            Assert.That(failure.Attribute("type")!.Value, Is.EqualTo("crash"));
            Assert.That(failure.Value, Does.StartWith(crash.Recorded.Finding.Summary + "\n"));
            Assert.That(failure.Value, Does.Contain("triage: " + Triage.HiddenByGlobalLock));
            Assert.That(failure.Value, Does.Contain("reproduced on the candidate: 9/10").And.Contain("reproduced on the baseline: 0/10"));
            Assert.That(failure.Value, Does.Contain("reproduce: " + crash.ReproduceCommand + "\n"));
            Assert.That(failure.Value, Does.Contain("  at find (/ci/checkout/native/samples/kvstore/kvstore.c:88:12)"));
        });
    }

    [Test]
    public void Passing_findings_have_no_failure_and_say_their_status_in_their_name_and_in_the_suite_output()
    {
        var suite = Suite(SampleRuns.Mixed());
        var passing = suite.Elements("testcase").Where(c => c.Element("failure") is null).Select(c => c.Attribute("name")!.Value);
        Assert.That(passing, Is.EquivalentTo(new[]
        {
            "still-present: race:kv_store",
            "fixed: crash:heap-use-after-free:obj_release",
            "flaky: not-linearizable:tk_format_duration",
            "passed: race:kv_store",
        }));
        var output = suite.Element("system-out")!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain($"still-present race:kv_store ({Triage.SurvivesSerialization}; candidate 10/10; baseline 10/10): "
                + SampleRuns.Race().ReproduceCommand));
            Assert.That(output, Does.Contain($"flaky not-linearizable:tk_format_duration ({Triage.NotReproduced}): "));
            Assert.That(output, Does.StartWith("2 new findings fail the gate\nexit code: 1\n"));
        });
    }

    [Test]
    public void A_run_without_findings_is_one_passing_test_case_named_for_the_run()
    {
        var suite = Suite(SampleRuns.Empty());
        var testCase = suite.Elements("testcase").Single();
        Assert.Multiple(() =>
        {
            Assert.That(testCase.Attribute("name")!.Value, Is.EqualTo("stampede campaign libkvstore.so: no findings"));
            Assert.That(testCase.Element("failure"), Is.Null);
            Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(1));
            Assert.That((int)suite.Attribute("failures")!, Is.Zero);
        });
    }

    [Test]
    public void A_run_without_findings_that_failed_fails_its_one_test_case_with_the_verdict()
    {
        var suite = Suite(SampleRuns.Empty(exitCode: 1));
        var failure = suite.Elements("testcase").Single().Element("failure");
        Assert.That(failure?.Attribute("message")?.Value, Is.EqualTo(SampleRuns.Empty(exitCode: 1).Verdict));
        Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(1));
    }

    [Test]
    public void Hostile_text_parses_back_as_the_text_it_was_with_controls_and_lone_surrogates_made_visible()
    {
        var hostile = SampleRuns.HostileFinding();
        var xml = Writer.Render(SampleRuns.HostileRun());
        var suite = XDocument.Parse(xml).Root!.Element("testsuite")!;
        // What XML cannot hold is written as report.md writes it; everything else comes back exactly.
        var visible = "<b>&amp; \"quoted\" 'x' ]]> \\x00 \\x01 \\ufffe 🐘 \\ud800 end";
        Assert.That(MarkdownText.Visible(SampleRuns.Hostile), Is.EqualTo(visible));
        var testCase = suite.Elements("testcase").First();
        var failure = testCase.Element("failure")!;
        Assert.Multiple(() =>
        {
            Assert.That(testCase.Attribute("name")!.Value, Is.EqualTo("new: crash:" + visible));
            Assert.That(testCase.Attribute("classname")!.Value, Is.EqualTo("lib" + visible + ".so"));
            Assert.That(failure.Attribute("message")!.Value, Is.EqualTo(visible));
            Assert.That(failure.Value, Does.Contain("reproduce: " + hostile.ReproduceCommand.Replace(SampleRuns.Hostile, visible)));
            Assert.That(failure.Value, Does.Contain("  at fn" + visible + " ("));
            Assert.That(suite.Attribute("name")!.Value, Is.EqualTo("stampede gate lib" + visible + ".so"));
            // Escaped markup, not markup: the document has no element the writer did not make.
            Assert.That(suite.Descendants().Select(e => e.Name.LocalName).Distinct(),
                Is.SubsetOf(new[] { "properties", "property", "testcase", "failure", "system-out", "system-err" }));
            Assert.That(xml, Does.Not.Contain("\0").And.Not.Contain("\u0001").And.Not.Contain("\ud800").And.Not.Contain("\ufffe"));
        });
    }
}
