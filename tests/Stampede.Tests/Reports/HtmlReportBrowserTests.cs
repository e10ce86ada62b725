using System.Net;
using System.Text.RegularExpressions;
using Stampede.Reports;
using Stampede.Reports.Html;

namespace Stampede.Tests.Reports;

/// <summary>
/// report.html opened in a real browser, headless Chromium: the DOM it builds holds the summary rows, the timeline
/// pictures with their bars and the chart, nothing the library wrote became an element, and a screenshot shows a
/// page, not a blank one. Fails, rather than skips, when Chromium is missing.
/// </summary>
[NonParallelizable] // two browsers at once on a shared two-core machine only make both slower
public sealed class HtmlReportBrowserTests
{
    private const int ScreenshotWidth = 1200;
    private const int ScreenshotHeight = 1400;
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>When set, the realistic report's screenshot is also copied there (relative to the repository's root): how
    /// docs/images/report.png is made.</summary>
    private const string DocsScreenshotVariable = "STAMPEDE_REPORT_SCREENSHOT";

    private string? _dir;

    [SetUp]
    public void CreateDirectory()
    {
        HeadlessChromium.Require();
        _dir = Directory.CreateTempSubdirectory("stampede-report-html-").FullName;
    }

    [TearDown]
    public void DeleteDirectory()
    {
        // Null when set-up failed for want of a browser: that failure is the one to report.
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
        _dir = null;
    }

    private string Write(string name, string html)
    {
        var path = Path.Combine(_dir!, name);
        File.WriteAllText(path, html);
        return path;
    }

    private static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;

    [Test]
    public void The_browser_renders_the_summary_rows_the_timelines_and_the_chart()
    {
        var run = SampleRunReports.Gate();
        var dom = HeadlessChromium.DumpDom(Write("report.html", new HtmlReportWriter().Render(run)));
        var calls = run.Findings.Sum(f => f.Recorded.ReportedTimeline.Sum(t => t.Calls.Count));
        var lanes = run.Findings.Sum(f => f.Recorded.ReportedTimeline.Count);
        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(Count(dom, "<tr class=\"finding( fails)?\">"), Is.EqualTo(run.Findings.Count), "summary rows");
            Assert.That(Count(dom, "<tr class=\"finding fails\">"), Is.EqualTo(1), "the failing row");
            Assert.That(Count(dom, "<svg [^>]*class=\"timeline\""), Is.EqualTo(3), "one timeline per finding");
            Assert.That(Count(dom, "<g class=\"lane\""), Is.EqualTo(lanes), "lanes");
            Assert.That(Count(dom, "<g class=\"call( in-flight)?\"><title>[^<]*</title><rect "), Is.EqualTo(calls), "a rect per call");
            Assert.That(Count(dom, "<g class=\"call in-flight\">"), Is.EqualTo(3), "the crash's kv_get and the hang's two transfers");
            Assert.That(dom, Does.Match("<svg [^>]*class=\"statistics\""), "the chart");
            Assert.That(Count(dom, "<polyline class=\"programs\" points=\"[^\"]+\""), Is.EqualTo(1));
            Assert.That(dom, Does.Contain(WebUtility.HtmlEncode(run.Verdict)), "the verdict, as the browser writes text back");
        });
    }

    [Test]
    public void The_browser_makes_no_element_of_what_the_library_wrote()
    {
        var run = SampleRunReports.HostileCampaign();
        var dom = HeadlessChromium.DumpDom(Write("hostile.html", new HtmlReportWriter().Render(run)));
        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Not.Contain("<script").IgnoreCase.And.Not.Contain("<img").IgnoreCase);
            Assert.That(dom, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
            Assert.That(dom, Does.Contain(SampleRunReports.Emoji), "the emoji shown as itself");
            Assert.That(Count(dom, "<tr class=\"finding fails\">"), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_screenshot_of_the_report_is_a_png_that_shows_a_page()
    {
        var report = Write("report.html", new HtmlReportWriter().Render(SampleRunReports.Gate()));
        var empty = Write("empty.html", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>empty</title></head><body></body></html>");
        var reportPng = Path.Combine(_dir!, "report.png");
        var emptyPng = Path.Combine(_dir!, "empty.png");
        // Side by side: the two browsers' start-up is most of the time this takes.
        Task.WaitAll(
            Task.Run(() => HeadlessChromium.Screenshot(report, reportPng, ScreenshotWidth, ScreenshotHeight)),
            Task.Run(() => HeadlessChromium.Screenshot(empty, emptyPng, ScreenshotWidth, ScreenshotHeight)));

        Assert.That(reportPng, Does.Exist);
        var png = File.ReadAllBytes(reportPng);
        var blank = new FileInfo(emptyPng).Length;
        Assert.Multiple(() =>
        {
            Assert.That(png.Take(PngMagic.Length), Is.EqualTo(PngMagic), "PNG signature");
            // A single-color page compresses to almost nothing; text, tables and pictures do not.
            Assert.That(png.Length, Is.GreaterThan(20 * 1024), "a page with content");
            Assert.That(png.Length, Is.GreaterThan(10 * blank), $"an empty page of the same size is {blank} bytes");
        });
        if (Environment.GetEnvironmentVariable(DocsScreenshotVariable) is { Length: > 0 } docs)
            File.Copy(reportPng, Path.Combine(RepoPaths.Root, docs), overwrite: true);
    }
}
