using System.Text.RegularExpressions;
using System.Xml.Linq;
using Stampede.Findings;
using Stampede.Reports;
using Stampede.Reports.Html;

namespace Stampede.Tests.Reports;

/// <summary>
/// report.html as written: the run's header, one summary row per finding with the failing ones first, a section per
/// finding, the statistics chart, and nothing the library under test wrote coming out as markup. The page is read
/// back with an XML parser, which also proves it well-formed.
/// </summary>
public sealed class HtmlReportTests
{
    private static readonly HtmlReportWriter Writer = new();

    [Test]
    public void Every_hostile_string_appears_only_escaped()
    {
        var run = SampleRunReports.HostileCampaign();
        foreach (var html in new[] { Writer.Render(run), HtmlReportWriter.RenderFinding(run.Findings[0], run) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(html, Does.Not.Contain("<script").IgnoreCase, "a script element");
                Assert.That(html, Does.Not.Contain("<img").IgnoreCase, "an image element");
                Assert.That(html, Does.Not.Contain("\0"), "NUL");
                Assert.That(html, Does.Not.Contain(SampleRunReports.Emoji), "the emoji as a raw character");
                Assert.That(html, Does.Not.Contain("\u202E"), "a right-to-left override");
                Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &amp;amp; \\x00&#128165; &#39;\\u202eevil"));
                Assert.That(Regex.Matches(html, "&(?!(amp|lt|gt|quot|#[0-9]+);)"), Is.Empty, "an ampersand that starts no entity");
            });

            var page = HtmlDocument.Parse(html);
            Assert.Multiple(() =>
            {
                Assert.That(page.Descendants().Select(e => e.Name.LocalName), Has.None.EqualTo("script").And.None.EqualTo("img"));
                Assert.That(page.Descendants().Attributes().Select(a => a.Name.LocalName), Has.None.StartsWith("on"));
                // What a reader sees: the target's text, each hidden character written as an escape.
                var shown = MarkdownText.Visible(SampleRunReports.Hostile);
                Assert.That(page.Descendants("h2").Select(h => h.Value), Has.Some.EndsWith("crash: summary " + shown));
                Assert.That(page.Descendants("pre").Select(p => p.Value), Has.Some.Contains("\"" + shown + "\""), "the program's string");
                Assert.That(page.Descendants(HtmlDocument.Svg + "title").Select(t => t.Value), Has.Some.Contains("fn" + shown), "a tooltip");
                Assert.That(page.Descendants("code").Select(c => c.Value), Has.Some.EqualTo("file" + shown + ".c:7"));
            });
        }
    }

    [Test]
    public void The_summary_table_has_one_row_per_finding_failing_rows_first_each_linked_to_its_section()
    {
        var page = HtmlDocument.Parse(Writer.Render(SampleRunReports.Gate()));
        var rows = page.WithClass("tr", "finding").ToArray();
        var sections = page.WithClass("section", "finding").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Length.EqualTo(3));
            Assert.That(rows.Select(r => r.Elements("td").First().Value), Is.EqualTo(new[] { "new", "fixed", "flaky" }));
            Assert.That(rows[0].HasClass("fails"), Is.True, "the new crash fails the gate");
            Assert.That(rows.Skip(1).Where(r => r.HasClass("fails")), Is.Empty);
            Assert.That(rows[0].Elements("td").Select(c => c.Value),
                Is.EqualTo(new[] { "new", "crash", "crash:kv_get>find", Triage.HiddenByGlobalLock, "9/10", "0/10", "12",
                    SampleRunReports.Crash().ReproduceCommand }));
            Assert.That(rows[0].Descendants("span").Single().HasClass("status-new"), Is.True, "colored by its status");
            Assert.That(rows.Select(r => (string?)r.Descendants("a").Single().Attribute("href")),
                Is.EqualTo(sections.Select(s => "#" + (string?)s.Attribute("id"))));
            Assert.That(page.Descendants("th").Select(h => h.Value), Does.Contain("baseline"), "a gate has a baseline column");
        });
    }

    [Test]
    public void The_header_says_what_ran_its_verdict_exit_code_duration_and_the_builds_of_a_gate()
    {
        var run = SampleRunReports.Gate();
        var header = HtmlDocument.Parse(Writer.Render(run)).Descendants("header").Single();
        var facts = header.Descendants("dt").Zip(header.Descendants("dd")).ToDictionary(f => f.First.Value, f => f.Second.Value);
        Assert.Multiple(() =>
        {
            Assert.That(header.Element("h1")!.Value, Is.EqualTo("Stampede gate: libkvstore.so"));
            Assert.That(header.WithClass("p", "verdict").Single().Value, Is.EqualTo(run.Verdict));
            Assert.That(facts["exit code"], Is.EqualTo("1"));
            Assert.That(facts["duration"], Is.EqualTo("5 min 12 s"));
            Assert.That(facts["baseline"], Is.EqualTo(run.Baseline));
            Assert.That(facts["candidate"], Is.EqualTo(run.Candidate));
            Assert.That(facts["command"], Is.EqualTo(run.CommandLine));
            Assert.That(facts["findings"], Is.EqualTo("1 new 1 fixed 1 flaky"));
        });
    }

    [Test]
    public void A_finding_section_shows_summary_triage_program_variants_stacks_with_source_lines_and_timeline()
    {
        var page = HtmlDocument.Parse(Writer.Render(SampleRunReports.Gate()));
        var sections = page.WithClass("section", "finding").ToArray();
        var crash = sections[0];
        var race = sections[1];
        Assert.Multiple(() =>
        {
            Assert.That(crash.Element("h2")!.Value, Is.EqualTo("new crash: t0 crashed with SIGSEGV in find"));
            Assert.That(crash.Descendants("dd").Select(d => d.Value), Has.Some.StartsWith(Triage.HiddenByGlobalLock));
            Assert.That(crash.Descendants("h3").Select(h => h.Value), Does.Contain("Program"));
            Assert.That(crash.WithClass("pre", "program").Single().Value, Is.EqualTo(SampleRunReports.CrashProgram.TrimEnd('\n')));
            Assert.That(crash.Descendants("h4").Select(h => h.Value), Is.EqualTo(new[] { "t0 in kv_get (crashed)", "t1 in kv_put" }));
            var frames = crash.WithClass("table", "stack").First().Descendants("tr").Skip(1).Select(r => r.Value).ToArray();
            Assert.That(frames, Is.EqualTo(new[]
            {
                "0findnative/samples/kvstore/kvstore.c:88:12libkvstore.so",
                "88 | while (t->entries[i].key != NULL) {",
                "1kv_getnative/samples/kvstore/kvstore.c:120:9libkvstore.so",
                "120 | entry *e = find(s->table, key);",
                "2-4…3 frames without a symbol",
                "5start_threadlibc.so.6",
            }), "the rows report.md lists, each source line under its frame");
            Assert.That(crash.Descendants(HtmlDocument.Svg + "svg").Single().HasClass("timeline"), Is.True);

            Assert.That(race.Descendants("h3").Select(h => h.Value), Does.Contain("Program (minimized)"));
            Assert.That(race.WithClass("pre", "program").Single().Value, Is.EqualTo(SampleRunReports.RaceMinimized.TrimEnd('\n')));
            Assert.That(race.WithClass("table", "variants").Single().Descendants("td").Select(d => d.Value),
                Is.EqualTo(new[] { "kvstore.c:58 / kvstore.c:88", "5", "kvstore.c:61 / kvstore.c:88", "2" }), "most hits first");
            Assert.That(race.WithClass("g", "lane").Select(l => (string?)l.Attribute("data-thread")),
                Is.EqualTo(new[] { "setup", "t0", "t1" }), "the minimized program's timeline, not the finding's (empty) one");
        });
    }

    [Test]
    public void The_finding_page_holds_the_same_section_as_the_run_page()
    {
        var run = SampleRunReports.Gate();
        var crash = run.Findings.Single(f => f.Status == FindingStatus.New);
        var runPage = HtmlDocument.Parse(Writer.Render(run));
        var findingPage = HtmlDocument.Parse(HtmlReportWriter.RenderFinding(crash, run));
        Assert.Multiple(() =>
        {
            Assert.That(findingPage.Descendants("section").Single().ToString(),
                Is.EqualTo(runPage.WithClass("section", "finding").First().ToString()));
            Assert.That(findingPage.Descendants("title").Single().Value, Is.EqualTo("crash: crash:kv_get>find"));
            Assert.That(findingPage.Root!.Attribute("lang")?.Value, Is.EqualTo("en"));
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    public void With_fewer_than_two_statistics_samples_a_sentence_replaces_the_chart(int samples)
    {
        var run = SampleRunReports.Gate() with { Statistics = SampleRunReports.Gate().Statistics.Take(samples).ToArray() };
        var page = HtmlDocument.Parse(Writer.Render(run));
        Assert.Multiple(() =>
        {
            Assert.That(page.Descendants(HtmlDocument.Svg + "svg").Where(s => s.HasClass("statistics")), Is.Empty);
            Assert.That(page.Descendants("p").Select(p => p.Value),
                Has.Some.EqualTo($"No chart: the run took {samples} statistics sample(s), and a chart needs at least 2."));
        });
    }

    [Test]
    public void The_page_is_self_contained_with_a_doctype_and_charset_and_loads_nothing()
    {
        var html = Writer.Render(SampleRunReports.Gate());
        var page = HtmlDocument.Parse(html);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>\n<html lang=\"en\">"));
            Assert.That(page.Descendants("meta").Select(m => (string?)m.Attribute("charset")), Does.Contain("utf-8"));
            Assert.That(page.Descendants().Select(e => e.Name.LocalName), Has.None.EqualTo("script").And.None.EqualTo("link"));
            Assert.That(page.Descendants().Attributes("src"), Is.Empty);
            Assert.That(page.Descendants().Attributes("href").Select(a => a.Value), Has.All.StartsWith("#"));
            Assert.That(Regex.Matches(html, @"url\((?!#)"), Is.Empty, "CSS or SVG pointing outside the page");
            Assert.That(page.Descendants("style").Single().Value, Does.Contain(".status-new"));
        });
    }

    [Test]
    public void The_writer_is_named_report_html() => Assert.That(Writer.FileName, Is.EqualTo("report.html"));
}
